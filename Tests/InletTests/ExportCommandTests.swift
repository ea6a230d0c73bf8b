import Foundation
import Testing

@testable import Inlet

extension DurabilityTests {
    /// Runs `inlet export` and returns its exit status and standard error.
    private static func runExport(_ arguments: [String]) throws -> (Int32, String) {
        try runCLI(["export"] + arguments)
    }

    @Test func anExportFileCutMidLineIsContinuedAfterItsLastWholeLine() async throws {
        let path = try await Backend.sqlite.freshDatabase()
        let server = try await InletProcess(database: path, adminToken: Self.token)
        let key = try #require(server.appKey)
        try Self.liftLimits(path)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("inlet-export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for start in stride(from: 0, to: 2_500, by: 500) {
            let events = (start..<start + 500).map { event(#""metadata": {"i": \#($0)}"#, actor: #"{"externalId": "p\#($0 % 40)"}"#) }
            let body = #"{"events": [\#(events.joined(separator: ","))]}"#
            let stored = try await MultiInstanceTests.send(.post, "/api/v1/ingest/events", port: server.port, key: key, body: body)
            #expect(stored.status == 200)
        }
        let served = try await MultiInstanceTests.send(.get, "/api/v1/export/events", port: server.port, key: key).text
        #expect(served.split(separator: "\n").count == 2_500)
        let url = "http://127.0.0.1:\(server.port)"

        let whole = directory.appendingPathComponent("whole.ndjson")
        let (status, output) = try Self.runExport(["events", whole.path, "--url", url, "--key", key])
        #expect(status == 0, "\(output)")
        #expect(try String(contentsOf: whole, encoding: .utf8) == served)
        #expect(output.contains("2500 lines"), "\(output)")

        // An earlier run that stopped in the middle of line 1 001.
        let lines = served.split(separator: "\n", omittingEmptySubsequences: false)
        let cut = directory.appendingPathComponent("cut.ndjson")
        try (lines.prefix(1_000).joined(separator: "\n") + "\n" + lines[1_000].prefix(40)).write(to: cut, atomically: true, encoding: .utf8)
        let (resumed, resumedOutput) = try Self.runExport(["events", cut.path, "--url", url, "--key", key])
        #expect(resumed == 0, "\(resumedOutput)")
        #expect(try String(contentsOf: cut, encoding: .utf8) == served)
        #expect(resumedOutput.contains("2500 lines") && resumedOutput.contains("1000 from an earlier run"), "\(resumedOutput)")

        // The filters, a stream's items, and a refusal said in words.
        let some = directory.appendingPathComponent("some.ndjson")
        #expect(try Self.runExport(["events", some.path, "--url", url, "--key", key, "--source", "custom:none"]).0 == 0)
        #expect(try String(contentsOf: some, encoding: .utf8).isEmpty)
        let items = directory.appendingPathComponent("items.ndjson")
        let (streamStatus, streamOutput) = try Self.runExport(["stream", "default", items.path, "--url", url, "--key", key, "--where", "n=2"])
        #expect(streamStatus == 0, "\(streamOutput)")
        #expect(try String(contentsOf: items, encoding: .utf8).isEmpty)
        let (refused, refusal) = try Self.runExport(["stream", "missing", items.path, "--url", url, "--key", key])
        #expect(refused != 0 && refusal.contains("refused the export (404)"), "\(refusal)")
        server.signal(SIGTERM)
        #expect(try await server.waitForExit() == 0)
    }

    @Test func aURLThatIsNotHTTPIsRefusedInWordsBeforeAnyRequest() throws {
        for url in ["::", "ftp://example.com", "http://"] {
            let (status, errors) = try Self.runCLI(["export", "events", "/tmp/never-written.ndjson", "--url", url, "--key", "k"])
            #expect(status != 0 && errors.contains("--url must be an http or https URL with a host"), "\(url): \(errors)")
        }
        #expect(!FileManager.default.fileExists(atPath: "/tmp/never-written.ndjson"))
    }
}
