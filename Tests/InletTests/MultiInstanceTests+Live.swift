import Foundation
import Testing

@testable import Inlet

extension MultiInstanceTests {
    @Test func anEventStoredThroughOneInstanceReachesALiveClientOfTheOtherWithinASecond() async throws {
        let (_, a, b, key) = try await Self.twoInstances()
        let client = try LiveClient(port: b.port, headers: ["Authorization": "Bearer " + key])
        #expect(try await client.awaitHead() == 200)
        #expect(try await client.next()?.comment == "live")
        for round in 0..<5 {
            let start = ContinuousClock.now
            let answer = try await Self.send(.post, "/api/v1/ingest/events", port: a.port, key: key, body: batch(event(type: "cross.\(round)")))
            #expect(answer.status == 200)
            let frame = try await client.nextEvent(within: .seconds(1))
            #expect(frame?.id != nil && frame?.id == answer.json["results"]?.arrayValue?.first?["id"]?.stringValue)
            #expect(ContinuousClock.now - start < .seconds(1))
        }
        try await Self.stop(a, b)
    }
}

extension DurabilityTests {
    @Test(arguments: Backend.all)
    func sigtermEndsLiveStreamsCleanlyAndExitsZero(backend: Backend) async throws {
        let server = try await InletProcess(database: try await backend.freshDatabase(), adminToken: Self.token)
        let key = try #require(server.appKey)
        let clients = try (0..<3).map { _ in try LiveClient(port: server.port, headers: ["Authorization": "Bearer " + key]) }
        for client in clients {
            #expect(try await client.awaitHead() == 200)
            #expect(try await client.next()?.comment == "live")
        }
        server.signal(SIGTERM)
        for client in clients {
            while try await client.next(within: .seconds(5)) != nil {}
            #expect(client.completed)
        }
        #expect(try await server.waitForExit() == 0, "\(server.log.suffix(2000))")
    }
}
