import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Synchronization
import Testing

@testable import Inlet

/// Durability and shutdown of the real binary: `kill -9` under load loses no
/// acknowledged row, SIGTERM drains and exits 0.
@Suite("The inlet binary", .serialized)
struct DurabilityTests {
    static let token = "process-admin-token"

    /// What the load saw acknowledged: event ids, and one request to replay.
    struct Acknowledged: Sendable {
        var eventIDs: [String] = []
        var replay: (key: String, body: String, answer: String)?
        var otherStatuses: [Int: Int] = [:]
    }

    /// Sends batches on `clients` keep-alive connections until the server goes away or `duration` passes.
    static func load(port: Int, key: String, clients: Int, duration: Duration, tolerate: Set<Int>) async -> Acknowledged {
        let acknowledged = Locked(Acknowledged())
        let deadline = ContinuousClock.now + duration
        await withTaskGroup(of: Void.self) { group in
            for client in 0..<clients {
                group.addTask {
                    try? await TestClient.withClient(host: "127.0.0.1", port: port) { connection in
                        var sequence = 0
                        while ContinuousClock.now < deadline {
                            sequence += 1
                            let rows = (0..<10).map { row in
                                event(#""id": "c\#(client)-\#(sequence)-\#(row)""#, actor: #"{"externalId": "person-\#(client)"}"#)
                            }
                            let body = #"{"events": [\#(rows.joined(separator: ","))]}"#
                            let idempotencyKey = "load-\(client)-\(sequence)"
                            let response = try await postEvents(body, key: key, idempotencyKey: idempotencyKey, on: connection)
                            let text = response.body.map { String(buffer: $0) } ?? ""
                            if response.status == .ok, let json = try? JSONParser.parse(Array(text.utf8)) {
                                let ids = json["results"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
                                acknowledged.withLock {
                                    $0.eventIDs += ids
                                    if $0.replay == nil { $0.replay = (idempotencyKey, body, text) }
                                }
                            } else if !tolerate.contains(response.status.code) {
                                acknowledged.withLock { $0.otherStatuses[response.status.code, default: 0] += 1 }
                            }
                        }
                    }
                }
            }
        }
        return acknowledged.withLock { $0 }
    }

    /// Posts an events body with an app key and an Idempotency-Key.
    static func postEvents(_ body: String, key: String, idempotencyKey: String, on connection: TestClient) async throws -> TestClient.Response {
        try await connection.post(
            "/api/v1/ingest/events",
            headers: [.authorization: "Bearer " + key, .contentType: "application/json", HTTPField.Name("Idempotency-Key")!: idempotencyKey],
            body: ByteBuffer(string: body)
        )
    }

    /// Every event id on the timeline of the default organization.
    static func storedEventIDs(port: Int, token: String = token) async throws -> [String] {
        try await timeline(port: port, token: token).compactMap { $0["id"]?.stringValue }
    }

    /// Every event of the default organization's timeline, page by page;
    /// `filter` adds query parameters (`&source=system`).
    static func timeline(port: Int, token: String, filter: String = "") async throws -> [JSONValue] {
        try await TestClient.withClient(host: "127.0.0.1", port: port) { connection in
            var events: [JSONValue] = []
            var cursor: String?
            repeat {
                let response = try await connection.get(
                    "/api/v1/timeline?org=default&limit=500" + filter + (cursor.map { "&cursor=" + $0 } ?? ""),
                    headers: [.authorization: "Bearer " + token]
                )
                let json = try JSONParser.parse(Array(String(buffer: response.body ?? ByteBuffer()).utf8))
                events += json["items"]?.arrayValue ?? []
                cursor = json["nextCursor"]?.stringValue
            } while cursor != nil
            return events
        }
    }

    /// Lifts the default organization's rate limits with the CLI, so the load measures the store.
    static func liftLimits(_ database: DatabaseLocation) throws {
        let cli = Process()
        cli.executableURL = URL(fileURLWithPath: InletProcess.binaryPath)
        cli.arguments = ["org", "update", "default", "--key-rps", "1000000", "--org-rps", "1000000", "--database", database.argument]
        cli.standardOutput = Pipe()
        try cli.run()
        cli.waitUntilExit()
        #expect(cli.terminationStatus == 0)
    }

    @Test(arguments: Backend.all)
    func killNineUnderLoadLosesNoAcknowledgedRow(backend: Backend) async throws {
        let path = try await backend.freshDatabase()
        let first = try await InletProcess(database: path, adminToken: Self.token)
        let key = try #require(first.appKey)
        try Self.liftLimits(path)
        let load = Task { await Self.load(port: first.port, key: key, clients: 16, duration: .seconds(10), tolerate: [503]) }
        try await Task.sleep(for: .milliseconds(1500))
        first.signal(SIGKILL)
        let acknowledged = await load.value
        _ = try await first.waitForExit()
        #expect(acknowledged.eventIDs.count > 100, "the load acknowledged too little to prove anything")
        #expect(acknowledged.otherStatuses.isEmpty)

        let second = try await InletProcess(database: path, adminToken: Self.token)
        let stored = try await Self.storedEventIDs(port: second.port)
        #expect(Set(stored).count == stored.count, "an event is stored twice")
        let missing = Set(acknowledged.eventIDs).subtracting(stored)
        #expect(missing.isEmpty, "\(missing.count) acknowledged events are missing")

        // The idempotency record of an acknowledged request survived the crash.
        let replay = try #require(acknowledged.replay)
        let answer = try await TestClient.withClient(host: "127.0.0.1", port: second.port) { connection in
            try await Self.postEvents(replay.body, key: key, idempotencyKey: replay.key, on: connection)
        }
        #expect(answer.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
        #expect(answer.body.map { String(buffer: $0) } == replay.answer)
        second.signal(SIGTERM)
        #expect(try await second.waitForExit() == 0)
    }

    @Test(arguments: Backend.all)
    func sigtermDrainsInFlightRequestsAndExitsZero(backend: Backend) async throws {
        let path = try await backend.freshDatabase()
        let server = try await InletProcess(database: path, adminToken: Self.token)
        let key = try #require(server.appKey)
        try Self.liftLimits(path)
        let load = Task { await Self.load(port: server.port, key: key, clients: 8, duration: .seconds(10), tolerate: [503]) }
        try await Task.sleep(for: .milliseconds(800))
        server.signal(SIGTERM)
        let acknowledged = await load.value
        #expect(try await server.waitForExit() == 0, "\(server.log.suffix(2000))")
        #expect(acknowledged.otherStatuses.isEmpty, "answers other than 200 and 503: \(acknowledged.otherStatuses)")

        let restarted = try await InletProcess(database: path, adminToken: Self.token)
        let stored = Set(try await Self.storedEventIDs(port: restarted.port))
        #expect(Set(acknowledged.eventIDs).isSubset(of: stored))
        restarted.signal(SIGTERM)
        #expect(try await restarted.waitForExit() == 0)
    }
}
