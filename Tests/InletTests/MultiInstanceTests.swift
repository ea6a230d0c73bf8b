import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

@testable import Inlet

/// Two real `inlet` processes sharing one PostgreSQL: every guarantee holds
/// across them.
@Suite("Two instances on one PostgreSQL", .serialized)
struct MultiInstanceTests {
    static let token = "multi-admin-token"

    /// An answer of a process.
    struct Answer: Sendable {
        let status: Int
        let headers: HTTPFields
        let text: String
        let json: JSONValue
    }

    /// Sends one request to the process listening on `port`.
    static func send(
        _ method: HTTPRequest.Method,
        _ path: String,
        port: Int,
        key: String,
        headers: [String: String] = [:],
        body: String? = nil
    ) async throws -> Answer {
        try await TestClient.withClient(host: "127.0.0.1", port: port) { connection in
            var fields: HTTPFields = [.authorization: "Bearer " + key, .contentType: "application/json"]
            for (name, value) in headers { fields[HTTPField.Name(name)!] = value }
            let response = try await connection.execute(.init(path, method: method, headers: fields, body: body.map { ByteBuffer(string: $0) }))
            let text = response.body.map { String(buffer: $0) } ?? ""
            return Answer(
                status: response.status.code,
                headers: response.headers,
                text: text,
                json: (try? JSONParser.parse(Array(text.utf8))) ?? .null
            )
        }
    }

    /// Starts two instances on a fresh database at the same moment; returns them with the first start's app key.
    static func twoInstances(
        _ extra: [String] = [],
        environment: [String: String] = [:]
    ) async throws -> (DatabaseLocation, InletProcess, InletProcess, String) {
        let database = try await Backend.postgres.freshDatabase()
        async let first = InletProcess(database: database, adminToken: token, extraArguments: extra, environment: environment)
        async let second = InletProcess(database: database, adminToken: token, extraArguments: extra, environment: environment)
        let (a, b) = try await (first, second)
        let keys = [a.appKey, b.appKey].compactMap { $0 }
        #expect(keys.count == 1, "exactly one instance bootstraps the empty store")
        try DurabilityTests.liftLimits(database)
        return (database, a, b, try #require(keys.first))
    }

    static func stop(_ processes: InletProcess...) async throws {
        for process in processes { process.signal(SIGTERM) }
        for process in processes { #expect(try await process.waitForExit() == 0) }
    }

    /// Every event id on the default organization's timeline.
    static func storedEventIDs(_ process: InletProcess) async throws -> [String] {
        try await DurabilityTests.storedEventIDs(port: process.port, token: token)
    }

    @Test func startingTogetherMigratesAndBootstrapsOnce() async throws {
        let (_, a, b, key) = try await Self.twoInstances()
        for process in [a, b] {
            #expect(try await Self.send(.get, "/readyz", port: process.port, key: key).status == 200)
            let organizations = try await Self.send(.get, "/api/v1/admin/orgs", port: process.port, key: Self.token)
            #expect(organizations.json["items"]?.arrayValue?.count == 1)
            #expect(try await Self.send(.get, "/api/v1/ingest/ping", port: process.port, key: key).status == 200)
        }
        try await Self.stop(a, b)
    }

    @Test func oneIdempotencyKeySentToBothIsStoredOnce() async throws {
        let (_, a, b, key) = try await Self.twoInstances()
        let statuses = Locked<[Int]>([])
        for round in 0..<30 {
            let body = batch(event(actor: #"{"externalId": "idem-\#(round)"}"#))
            async let first = Self.send(
                .post,
                "/api/v1/ingest/events",
                port: a.port,
                key: key,
                headers: ["Idempotency-Key": "k-\(round)"],
                body: body
            )
            async let second = Self.send(
                .post,
                "/api/v1/ingest/events",
                port: b.port,
                key: key,
                headers: ["Idempotency-Key": "k-\(round)"],
                body: body
            )
            let answers = try await [first, second]
            statuses.withLock { $0 += answers.map(\.status) }
            let stored = answers.filter { $0.status == 200 }.compactMap { $0.json["results"]?.arrayValue?.first?["id"]?.stringValue }
            #expect(!stored.isEmpty && Set(stored).count == 1, "both 200 answers name the one stored event")
        }
        #expect(Set(statuses.withLock { $0 }).isSubset(of: [200, 409]))
        #expect(try await Self.storedEventIDs(a).count == 30)
        try await Self.stop(a, b)
    }

    @Test func concurrentUpsertsOfOneStreamItemOnBothInstancesLoseNoField() async throws {
        let (_, a, b, _) = try await Self.twoInstances()
        let created = try await Self.send(
            .post,
            "/api/v1/admin/orgs/default/streams",
            port: a.port,
            key: Self.token,
            body: #"{"name": "gauges", "itemKey": "id"}"#
        )
        let key = try #require(created.json["key"]?.stringValue)
        await withTaskGroup(of: Int.self) { group in
            for field in 0..<40 {
                group.addTask {
                    let port = field.isMultiple(of: 2) ? a.port : b.port
                    let answer = try? await Self.send(
                        .post,
                        "/api/webhook/gauges",
                        port: port,
                        key: key,
                        body: #"{"id": "x", "f\#(field)": \#(field)}"#
                    )
                    return answer?.status ?? 0
                }
            }
            for await status in group { #expect(status == 202) }
        }
        let item = try await Self.send(.get, "/api/streams/gauges/items/x", port: b.port, key: key)
        let fields = try #require(item.json["fields"])
        #expect((0..<40).allSatisfy { fields["f\($0)"] == .number("\($0)") }, "\(fields)")
        try await Self.stop(a, b)
    }

    @Test func oneClientEventIdSentToBothIsOneRowAndOnePersonIsOneWorker() async throws {
        let (_, a, b, key) = try await Self.twoInstances()
        for round in 0..<30 {
            let body = batch(event(#""id": "client-\#(round)""#, actor: #"{"email": "new-\#(round)@acme.com"}"#))
            async let first = Self.send(.post, "/api/v1/ingest/events", port: a.port, key: key, body: body)
            async let second = Self.send(.post, "/api/v1/ingest/events", port: b.port, key: key, body: body)
            let rows = try await [first, second].compactMap { $0.json["results"]?.arrayValue?.first }
            #expect(rows.count == 2 && Set(rows.compactMap { $0["id"]?.stringValue }).count == 1)
            #expect(Set(rows.compactMap { $0["workerId"]?.stringValue }).count == 1)
        }
        for round in 0..<30 {
            let body = batch(event(actor: #"{"email": "Person-\#(round)@acme.com"}"#))
            async let first = Self.send(.post, "/api/v1/ingest/events", port: a.port, key: key, body: body)
            async let second = Self.send(.post, "/api/v1/ingest/events", port: b.port, key: key, body: body)
            let workers = try await [first, second].compactMap { $0.json["results"]?.arrayValue?.first?["workerId"]?.stringValue }
            #expect(workers.count == 2 && Set(workers).count == 1, "the same new person is one worker")
        }
        #expect(try await Self.storedEventIDs(b).count == 90)
        var workers = 0
        var cursor: String?
        repeat {
            let page = try await Self.send(
                .get,
                "/api/v1/workers?org=default&limit=500" + (cursor.map { "&cursor=" + $0 } ?? ""),
                port: a.port,
                key: Self.token
            )
            workers += page.json["items"]?.arrayValue?.count ?? 0
            cursor = page.json["nextCursor"]?.stringValue
        } while cursor != nil
        #expect(workers == 60)
        try await Self.stop(a, b)
    }

    @Test func aKeyRevokedOnOneInstanceStopsWorkingOnTheOtherWithinTheCachePeriod() async throws {
        let (_, a, b, _) = try await Self.twoInstances(["--key-cache-seconds", "1"])
        let created = try await Self.send(.post, "/api/v1/admin/orgs/default/apps/default/keys", port: a.port, key: Self.token, body: "{}")
        let key = try #require(created.json["key"]?.stringValue)
        let keyID = try #require(created.json["id"]?.stringValue)
        #expect(try await Self.send(.get, "/api/v1/ingest/ping", port: b.port, key: key).status == 200)
        let revoked = try await Self.send(.delete, "/api/v1/admin/orgs/default/apps/default/keys/\(keyID)", port: a.port, key: Self.token)
        #expect(revoked.status == 204)
        let start = ContinuousClock.now
        #expect(try await Self.send(.get, "/api/v1/ingest/ping", port: a.port, key: key).status == 401)
        var status = 200
        while status == 200, ContinuousClock.now - start < .seconds(5) {
            try await Task.sleep(for: .milliseconds(50))
            status = try await Self.send(.get, "/api/v1/ingest/ping", port: b.port, key: key).status
        }
        #expect(status == 401)
        #expect(ContinuousClock.now - start < .milliseconds(1500), "the other instance honoured the revocation within the 1 s cache period")
        // A changed whitelist reaches the other instance the same way.
        let narrowed = try await Self.send(
            .patch,
            "/api/v1/admin/orgs/default/apps/default",
            port: a.port,
            key: Self.token,
            body: #"{"eventTypes": ["deploy.*"]}"#
        )
        #expect(narrowed.status == 200)
        try await Task.sleep(for: .milliseconds(1200))
        let created2 = try await Self.send(.post, "/api/v1/admin/orgs/default/apps/default/keys", port: a.port, key: Self.token, body: "{}")
        let other = try #require(created2.json["key"]?.stringValue)
        let refused = try await Self.send(.post, "/api/v1/ingest/events", port: b.port, key: other, body: batch(event()))
        #expect(refused.status == 422 && refused.json["error"]?["code"]?.stringValue == "forbidden_event_type")
        try await Self.stop(a, b)
    }

    @Test func theOrganizationRateLimitHoldsWithLoadSplitAcrossInstances() async throws {
        let (_, a, b, key) = try await Self.twoInstances()
        let limited = try await Self.send(.patch, "/api/v1/admin/orgs/default", port: a.port, key: Self.token, body: #"{"orgRps": 100}"#)
        #expect(limited.status == 200)
        try await Task.sleep(for: .seconds(11))  // the key cache of both instances expires
        // Windows start empty, so the first second after a pause may admit up
        // to a second's budget on top of the steady rate, on one instance as on
        // several; the rate is measured once both windows are full.
        let start = ContinuousClock.now
        let (warmUp, measured) = (Duration.seconds(2), Duration.seconds(5))
        let admitted = Locked(0)
        await withTaskGroup(of: Void.self) { group in
            for client in 0..<16 {
                let port = client.isMultiple(of: 2) ? a.port : b.port
                group.addTask {
                    try? await TestClient.withClient(host: "127.0.0.1", port: port) { connection in
                        while ContinuousClock.now < start + warmUp + measured {
                            let response = try await connection.get("/api/v1/ingest/ping", headers: [.authorization: "Bearer " + key])
                            let elapsed = ContinuousClock.now - start
                            if response.status == .ok, elapsed > warmUp, elapsed <= warmUp + measured { admitted.withLock { $0 += 1 } }
                        }
                    }
                }
            }
        }
        let rate = Double(admitted.withLock { $0 }) / Double(measured.components.seconds)
        // One instance alone would admit 100/s; two that did not share their counts, 200/s.
        #expect(rate <= 110 && rate >= 90, "admitted \(rate)/s against an organization limit of 100/s")
        try await Self.stop(a, b)
    }

    @Test func theMonthlyCapHoldsAcrossInstances() async throws {
        let (_, a, b, key) = try await Self.twoInstances()
        let capped = try await Self.send(.patch, "/api/v1/admin/orgs/default", port: a.port, key: Self.token, body: #"{"maxEventsPerMonth": 300}"#)
        #expect(capped.status == 200)
        try await Task.sleep(for: .seconds(11))  // the key cache of both instances expires
        let accepted = Locked(0)
        await withTaskGroup(of: Void.self) { group in
            for client in 0..<8 {
                let port = client.isMultiple(of: 2) ? a.port : b.port
                group.addTask {
                    for round in 0..<10 {
                        let rows = (0..<10).map { event(actor: #"{"externalId": "cap-\#(client)-\#(round)-\#($0)"}"#) }
                        guard
                            let answer = try? await Self.send(
                                .post,
                                "/api/v1/ingest/events",
                                port: port,
                                key: key,
                                body: #"{"events": [\#(rows.joined(separator: ","))]}"#
                            )
                        else { continue }
                        let stored = answer.json["results"]?.arrayValue?.count { $0["status"]?.stringValue == "accepted" } ?? 0
                        accepted.withLock { $0 += stored }
                    }
                }
            }
        }
        let stored = try await Self.storedEventIDs(a).count
        #expect(stored == accepted.withLock { $0 })
        // A commit that finds the month pushed over its cap by another runs again.
        #expect(stored == 300, "stored \(stored) events against a cap of 300")
        let after = try await Self.send(.post, "/api/v1/ingest/events", port: b.port, key: key, body: batch(event()))
        #expect(after.status == 402)
        try await Self.stop(a, b)
    }

    /// What a load saw: event ids of 2xx answers, requests whose answer was
    /// lost, and any other status.
    struct Seen: Sendable {
        var eventIDs: [String] = []
        var lost: [(key: String, body: String)] = []
        var otherStatuses: [Int] = []
    }

    @Test func killingOneInstanceLosesNothingAndTheOtherKeepsServing() async throws {
        let (_, a, b, key) = try await Self.twoInstances()
        let seen = Locked(Seen())
        let deadline = ContinuousClock.now + .seconds(4)
        let load = Task {
            await withTaskGroup(of: Void.self) { group in
                for client in 0..<8 {
                    let port = client.isMultiple(of: 2) ? a.port : b.port
                    group.addTask {
                        var sequence = 0
                        while ContinuousClock.now < deadline {
                            sequence += 1
                            // No client event ids: only the Idempotency-Key keeps a resent request from being stored twice.
                            let rows = (0..<10).map { _ in event(actor: #"{"externalId": "crash-\#(client)"}"#) }
                            let body = #"{"events": [\#(rows.joined(separator: ","))]}"#
                            let idempotencyKey = "crash-\(client)-\(sequence)"
                            do {
                                let answer = try await Self.send(
                                    .post,
                                    "/api/v1/ingest/events",
                                    port: port,
                                    key: key,
                                    headers: ["Idempotency-Key": idempotencyKey],
                                    body: body
                                )
                                let ids = answer.json["results"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
                                seen.withLock {
                                    if answer.status == 200 { $0.eventIDs += ids } else { $0.otherStatuses.append(answer.status) }
                                }
                            } catch {
                                seen.withLock { $0.lost.append((idempotencyKey, body)) }
                                return  // this instance is gone
                            }
                        }
                    }
                }
            }
        }
        try await Task.sleep(for: .milliseconds(1500))
        a.signal(SIGKILL)
        await load.value
        _ = try await a.waitForExit()
        let load1 = seen.withLock { $0 }
        #expect(load1.otherStatuses.isEmpty, "statuses other than 200: \(load1.otherStatuses)")
        #expect(load1.eventIDs.count > 200, "the load acknowledged too little to prove anything")
        // Requests whose answer was lost are sent again, with the same key, to the survivor.
        var expected = Set(load1.eventIDs)
        for request in load1.lost {
            let answer = try await Self.send(
                .post,
                "/api/v1/ingest/events",
                port: b.port,
                key: key,
                headers: ["Idempotency-Key": request.key],
                body: request.body
            )
            #expect(answer.status == 200)
            expected.formUnion(answer.json["results"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? [])
        }
        let stored = try await Self.storedEventIDs(b)
        #expect(Set(stored).count == stored.count, "an event is stored twice")
        #expect(
            Set(stored) == expected,
            "\(Set(stored).subtracting(expected).count) stored events no answer named, \(expected.subtracting(stored).count) acknowledged events missing"
        )
        try await Self.stop(b)
    }
}
