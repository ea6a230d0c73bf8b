import Foundation
import Testing

@testable import Inlet

extension DurabilityTests {
    /// `inlet worker erase` on the store a stopped server leaves, as the
    /// admin API would, and the server started again shows the person gone.
    @Test func theCLIErasesAPersonByIdentifierAndListsTheErasureWithoutIt() async throws {
        let path = try await Backend.sqlite.freshDatabase()
        let server = try await InletProcess(database: path, adminToken: Self.token)
        let key = try #require(server.appKey)
        let body = #"{"events": [{"eventType": "t", "category": "c", "actor": {"email": "ana@example.com"}}]}"#
        #expect(try await MultiInstanceTests.send(.post, "/api/v1/ingest/events", port: server.port, key: key, body: body).status == 200)
        try await MultiInstanceTests.stop(server)

        let database = ["--database", path.argument, "--org", "default"]
        #expect(try Self.runCLI(["worker", "erase", "--kind", "email"] + database).0 != 0)
        var printed = ""
        let (status, errors) = try Self.runCLI(["worker", "erase", "--kind", "email", "--value", "ANA@example.com"] + database) { printed = $0 }
        #expect(status == 0, "\(errors)")
        let erased = try JSONParser.parse(Array(printed.utf8))
        #expect(erased["erasure"]?.stringValue?.hasPrefix("era_") == true && erased["deleted"]?["events"] == .number("1"), "\(printed)")
        let (again, refusal) = try Self.runCLI(["worker", "erase", "--kind", "email", "--value", "ana@example.com"] + database)
        #expect(again != 0 && refusal.contains("not found"), "\(refusal)")
        var listed = ""
        #expect(try Self.runCLI(["worker", "erasures"] + database) { listed = $0 }.0 == 0)
        #expect(listed.contains(erased["erasure"]?.stringValue ?? "-") && !listed.contains("ana"), "\(listed)")

        let restarted = try await InletProcess(database: path, adminToken: Self.token)
        let timeline = try await MultiInstanceTests.send(.get, "/api/v1/timeline", port: restarted.port, key: key)
        #expect(timeline.json["items"] == .array([]), "\(timeline.text)")
        try await MultiInstanceTests.stop(restarted)
    }
}
