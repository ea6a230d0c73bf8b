import Foundation
import Testing

@testable import Inlet

extension DurabilityTests {
    @Test(arguments: Backend.all)
    func killNineDuringLeadProcessingScoresEveryEventOnce(backend: Backend) async throws {
        let path = try await backend.freshDatabase()
        let first = try await InletProcess(database: path, adminToken: Self.token)
        let key = try #require(first.appKey)
        try Self.liftLimits(path)
        try await LeadWorkload.prepare(port: first.port, key: key, token: Self.token)
        let load = Task { await LeadWorkload.send(port: first.port, key: key, clients: 16, duration: .seconds(10)) }
        try await Task.sleep(for: .milliseconds(2500))
        first.signal(SIGKILL)
        let acknowledged = await load.value
        _ = try await first.waitForExit()
        #expect(acknowledged.count > 200, "the load acknowledged too little to prove anything")

        let second = try await InletProcess(database: path, adminToken: Self.token)
        try await LeadWorkload.waitUntilProcessed(ports: [second.port])
        let leads = try await LeadWorkload.verify(port: second.port, token: Self.token, acknowledged: acknowledged)
        #expect(leads == 16)
        second.signal(SIGTERM)
        #expect(try await second.waitForExit() == 0)
    }
}
