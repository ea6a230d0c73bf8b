import Foundation
import Testing

@testable import Inlet

extension MultiInstanceTests {
    @Test func twoInstancesShareALeadBacklogAndScoreEachEventOnce() async throws {
        // The backlog: stored by an instance that leaves processing to others.
        let database = try await Backend.postgres.freshDatabase()
        let writer = try await InletProcess(database: database, adminToken: Self.token, extraArguments: ["--lead-processing", "off"])
        let key = try #require(writer.appKey)
        try DurabilityTests.liftLimits(database)
        try await LeadWorkload.prepare(port: writer.port, key: key, token: Self.token)
        let acknowledged = await LeadWorkload.send(port: writer.port, key: key, clients: 16, duration: .seconds(60), limit: 150)
        #expect(acknowledged.count == 16 * 150)
        try await Self.stop(writer)

        async let first = InletProcess(database: database, adminToken: Self.token)
        async let second = InletProcess(database: database, adminToken: Self.token)
        let (a, b) = try await (first, second)
        try await LeadWorkload.waitUntilProcessed(ports: [a.port, b.port])
        #expect(try await LeadWorkload.verify(port: a.port, token: Self.token, acknowledged: acknowledged) == 16)
        // Between them, the two took each event once.
        let processed = try await LeadWorkload.processed(port: a.port) + LeadWorkload.processed(port: b.port)
        #expect(processed == acknowledged.count)
        try await Self.stop(a, b)
    }
}
