import Foundation
import Testing

@testable import Inlet

extension DurabilityTests {
    /// `inlet webhook` manages endpoints on the store directly, as the admin API does.
    @Test func theCLIManagesWebhookEndpoints() async throws {
        let path = try await Backend.sqlite.freshDatabase()
        try await MultiInstanceTests.stop(try await InletProcess(database: path, adminToken: Self.token))
        let store = ["--database", path.argument, "--org", "default"]
        func run(_ arguments: [String]) throws -> (status: Int32, printed: String, errors: String) {
            var printed = ""
            let (status, errors) = try Self.runCLI(["webhook"] + arguments + store) { printed = $0 }
            return (status, printed, errors)
        }

        let refused = try run(["create", "--event-types", "deploy.*", "http://127.0.0.1:9/hook"])
        #expect(refused.status != 0 && refused.errors.contains("--webhooks-allow-private"), "\(refused.errors)")
        let created = try run(["create", "--event-types", "deploy.*,milestone.reached", "--allow-private", "http://127.0.0.1:9/hook"])
        #expect(created.status == 0, "\(created.errors)")
        let endpoint = try JSONParser.parse(Array(created.printed.utf8))
        let id = try #require(endpoint["id"]?.stringValue)
        let secret = try #require(endpoint["secret"]?.stringValue)
        #expect(secret.hasPrefix("whsec_") && endpoint["eventTypes"] == .array([.string("deploy.*"), .string("milestone.reached")]))

        let listed = try run(["list"])
        #expect(listed.printed.contains(id) && !listed.printed.contains(secret), "\(listed.printed)")
        #expect(try run(["update", id]).status != 0)
        let off = try run(["update", "--no-active", id])
        #expect(off.status == 0 && off.printed.contains(#""active":false"#), "\(off.printed) \(off.errors)")
        let deliveries = try run(["deliveries", id])
        #expect(deliveries.status == 0 && deliveries.printed.contains(#""items":[]"#), "\(deliveries.printed)")
        #expect(try run(["rotate-secret", id]).printed.contains("whsec_"))
        #expect(try run(["delete", id]).status == 0)
        #expect(try run(["list"]).printed.contains(#""items":[]"#))
    }
}
