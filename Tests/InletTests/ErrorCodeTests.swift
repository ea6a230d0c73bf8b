import Foundation
import GRDB
import NIOCore
import Testing

@testable import Inlet

/// Every error code of the contract, provoked over HTTP against the live server.
@Suite("Error codes over HTTP")
struct ErrorCodeTests {
    @Test(arguments: Backend.all)
    func invalidBodyInvalidKeyForbiddenNotFoundMethodNotAllowed(backend: Backend) async throws {
        try await withLiveServer(backend) { server in
            let malformed = try await server.postEvents("{not json")
            #expect(malformed.status == 400 && malformed.errorCode == "invalid_body")

            let missing = try await server.request(.get, "/api/v1/ingest/ping")
            #expect(missing.status == 401 && missing.errorCode == "invalid_key")
            let unknown = try await server.request(.get, "/api/v1/ingest/ping", key: "wp_live_" + String(repeating: "a", count: 40))
            #expect(unknown.status == 401 && unknown.errorCode == "invalid_key")

            let adminOnIngest = try await server.request(.get, "/api/v1/ingest/ping", key: adminToken)
            #expect(adminOnIngest.status == 403 && adminOnIngest.errorCode == "forbidden")
            let appOnAdmin = try await server.request(.get, "/api/v1/admin/orgs", key: server.appKey)
            #expect(appOnAdmin.status == 403 && appOnAdmin.errorCode == "forbidden")

            let route = try await server.request(.get, "/api/v1/nothing-here")
            #expect(route.status == 404 && route.errorCode == "not_found")
            let worker = try await server.request(.get, "/api/v1/workers/wrk_missing", key: server.appKey)
            #expect(worker.status == 404 && worker.errorCode == "not_found")

            let method = try await server.request(.delete, "/api/v1/ingest/events", key: server.appKey)
            #expect(method.status == 405 && method.errorCode == "method_not_allowed")
            #expect(method.header("Allow") == "POST")
            for reply in [malformed, missing, route, method] {
                #expect(reply.header("X-Request-Id")?.hasPrefix("req_") == true)
                #expect(reply["error"]?["requestId"]?.stringValue == reply.header("X-Request-Id"))
            }
        }
    }

    @Test(arguments: Backend.all)
    func alreadyExistsPayloadTooLargeUnsupportedMediaType(backend: Backend) async throws {
        var configuration = try await testConfiguration(backend)
        configuration.ingestBodyLimit = 1024
        try await withLiveServer(configuration) { server in
            let duplicate = try await server.request(.post, "/api/v1/admin/orgs", key: adminToken, body: #"{"name": "Default", "slug": "default"}"#)
            #expect(duplicate.status == 409 && duplicate.errorCode == "already_exists")

            let large = try await server.postEvents(batch(event(#""metadata": {"x": "\#(String(repeating: "y", count: 2000))"}"#)))
            #expect(large.status == 413 && large.errorCode == "payload_too_large")

            let text = try await server.request(.post, "/api/v1/ingest/events", key: server.appKey, body: batch(event()), contentType: "text/plain")
            #expect(text.status == 415 && text.errorCode == "unsupported_media_type")
        }
    }

    @Test(arguments: Backend.all)
    func idempotencyCodes(backend: Backend) async throws {
        try await withLiveServer(backend) { server in
            let first = try await server.postEvents(batch(event()), headers: ["Idempotency-Key": "k-1"])
            #expect(first.status == 200)
            let reused = try await server.postEvents(batch(event(), event()), headers: ["Idempotency-Key": "k-1"])
            #expect(reused.status == 422 && reused.errorCode == "idempotency_key_reused")

            // Many concurrent requests with one new key: one is processed, the
            // rest are told it is in progress or get its replay.
            let replies = try await withThrowingTaskGroup(of: Reply.self) { group in
                for _ in 0..<8 {
                    group.addTask { try await server.postEvents(batch(event()), headers: ["Idempotency-Key": "k-2"]) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let inProgress = replies.filter { $0.status == 409 }
            #expect(inProgress.allSatisfy { $0.errorCode == "idempotency_in_progress" && $0.header("Retry-After") != nil })
            let processed = replies.filter { $0.status == 200 && $0.header("Idempotent-Replayed") == nil }
            #expect(processed.count == 1)
            let ids = Set(replies.filter { $0.status == 200 }.compactMap { $0["results"]?.arrayValue?[0]["id"]?.stringValue })
            #expect(ids.count == 1)
        }
    }

    @Test(arguments: Backend.all)
    func inProgressIsAnsweredWhileTheFirstRequestWaitsForItsCommit(backend: Backend) async throws {
        var configuration = try await testConfiguration(backend)
        configuration.writeQueueCapacity = 4
        try await withLiveServer(configuration) { server in
            // Two heavy batches with the same key at once. Whichever arrives first
            // is stored; the other is told the key is in progress, or, arriving
            // after the commit, replayed.
            // 4 MB each: parsing and storing takes long enough for the two to overlap.
            let heavy = event(#""metadata": {"blob": "\#(String(repeating: "x", count: 8000))"}"#)
            let full = batch(Array(repeating: heavy, count: 500).joined(separator: ","))
            var sawInProgress = false
            for attempt in 0..<10 where !sawInProgress {
                let key = "slow-\(attempt)"
                async let first = server.postEventsOnOwnConnection(full, headers: ["Idempotency-Key": key])
                async let second = server.postEventsOnOwnConnection(full, headers: ["Idempotency-Key": key])
                let answers = [try await first, try await second]
                let fresh = answers.filter { $0.status == 200 && $0.header("Idempotent-Replayed") == nil }
                let other = answers.filter { $0.status == 409 || $0.header("Idempotent-Replayed") == "true" }
                #expect(fresh.count == 1 && other.count == 1, "\(answers.map { "\($0.status) \($0.body.prefix(200))" })")
                sawInProgress = answers.contains { $0.status == 409 && $0.errorCode == "idempotency_in_progress" }
            }
            #expect(sawInProgress)
        }
    }

    @Test(arguments: Backend.all)
    func planLimitAsA402AndAsRowErrors(backend: Backend) async throws {
        try await withLiveServer(backend) { server in
            let (_, key) = try await server.makeOrganization(slug: "capped", extra: #", "maxEventsPerMonth": 3"#)
            let crossing = try await server.postEvents(batch(event(), event(), event(), event(), event(#""id": "late""#)), key: key)
            #expect(crossing.status == 207)
            let codes = crossing["results"]?.arrayValue?.map { $0["error"]?["code"]?.stringValue ?? "ok" }
            #expect(codes == ["ok", "ok", "ok", "plan_limit", "plan_limit"])
            let reached = try await server.postEvents(batch(event()), key: key)
            #expect(reached.status == 402 && reached.errorCode == "plan_limit")
        }
    }

    @Test(arguments: Backend.all)
    func snapshotActorCodes(backend: Backend) async throws {
        try await withLiveServer(backend) { server in
            let noActor = try await server.request(
                .post,
                "/api/v1/ingest/snapshots",
                key: server.appKey,
                body: #"{"snapshotType": "q", "actor": {}, "metrics": {"a": 1}}"#
            )
            #expect(noActor.status == 400 && noActor.errorCode == "invalid_actor")
            let unknown = try await server.request(
                .post,
                "/api/v1/ingest/snapshots",
                key: server.appKey,
                body: #"{"snapshotType": "q", "actor": {"workerId": "wrk_nobody"}, "metrics": {"a": 1}}"#
            )
            #expect(unknown.status == 422 && unknown.errorCode == "unknown_worker")
            let badMetrics = try await server.request(
                .post,
                "/api/v1/ingest/snapshots",
                key: server.appKey,
                body: #"{"snapshotType": "q", "actor": {"email": "a@b.c"}, "metrics": {"a": [1]}}"#
            )
            #expect(badMetrics.status == 400 && badMetrics.errorCode == "invalid_body")
        }
    }

    @Test(arguments: Backend.all)
    func everyRowCodeIsTheTopLevelCodeOfAnAllRejected422(backend: Backend) async throws {
        try await withLiveServer(backend) { server in
            let (_, key) = try await server.makeOrganization(slug: "narrow", eventTypes: ["ticket.*"])
            let cases: [(String, String)] = [
                (event(type: "deploy.shipped"), "forbidden_event_type"),
                (event(#""duration": -1"#), "invalid_event"),
                (event(actor: #"{"phone": "1"}"#), "invalid_actor"),
                (event(actor: #"{"workerId": "wrk_x"}"#), "unknown_worker"),
                (event(#""timestamp": "2026-04-19 noon""#), "invalid_timestamp"),
                (event(#""metadata": {"x": "\#(String(repeating: "y", count: 17_000))"}"#), "metadata_too_large"),
            ]
            for (row, code) in cases {
                let reply = try await server.postEvents(batch(row), key: key)
                #expect(reply.status == 422, "\(code)")
                #expect(reply.errorCode == code)
            }
        }
    }

    @Test(arguments: Backend.all)
    func rateLimitedCarriesRetryAfterAndRateLimitFields(backend: Backend) async throws {
        let clock = TestClock()
        try await withLiveServer(try await testConfiguration(backend, clock: clock)) { server in
            let (_, key) = try await server.makeOrganization(slug: "slow", extra: #", "keyRps": 3"#)
            var statuses: [Int] = []
            var limited: Reply?
            for _ in 0..<5 {
                let reply = try await server.request(.get, "/api/v1/ingest/ping", key: key)
                statuses.append(reply.status)
                if reply.status == 429 { limited = reply }
            }
            #expect(statuses == [200, 200, 200, 429, 429])
            #expect(limited?.errorCode == "rate_limited")
            #expect(limited?.header("RateLimit-Policy") == #""key";q=3;w=1, "org";q=600;w=1"#)
            #expect(limited?.header("RateLimit")?.hasPrefix(#""key";r=0;t=1"#) == true)
            // Three requests in the same instant still weigh two thirds of the budget a second later.
            #expect(limited?.header("Retry-After") == "2")
            clock.advance(seconds: 1.2)
            #expect(try await server.request(.get, "/api/v1/ingest/ping", key: key).status == 429)
            clock.advance(seconds: 0.8)
            #expect(try await server.request(.get, "/api/v1/ingest/ping", key: key).status == 200)
        }
    }

    /// With `keyRps` 1, a client that waits the `Retry-After` of a 429 is admitted.
    @Test(arguments: Backend.all)
    func waitingTheRetryAfterIsEnough(backend: Backend) async throws {
        let clock = TestClock()
        try await withLiveServer(try await testConfiguration(backend, clock: clock)) { server in
            let (_, key) = try await server.makeOrganization(slug: "one", extra: #", "keyRps": 1"#)
            #expect(try await server.request(.get, "/api/v1/ingest/ping", key: key).status == 200)
            clock.advance(seconds: 0.5)
            let refused = try await server.request(.get, "/api/v1/ingest/ping", key: key)
            #expect(refused.status == 429)
            let wait = try #require(refused.header("Retry-After").flatMap(Double.init))
            clock.advance(seconds: wait)
            #expect(try await server.request(.get, "/api/v1/ingest/ping", key: key).status == 200)
        }
    }

    @Test(arguments: Backend.all)
    func internalErrorCarriesNoInternals(backend: Backend) async throws {
        let database = try await backend.freshDatabase()
        try await withLiveServer(testConfiguration(database: database)) { server in
            #expect(try await server.postEvents(batch(event())).status == 200)
            // Break the store underneath the running server.
            try await Backend.execute("DROP TABLE events", on: database)
            let reply = try await server.request(.get, "/api/v1/timeline", key: server.appKey)
            #expect(reply.status == 500 && reply.errorCode == "internal_error")
            #expect(reply["error"]?["message"] == .string(InletError.internalError.message))
            let body = reply.body.lowercased()
            #expect(!body.contains("sqlite") && !body.contains("postgres") && !body.contains("events"))
        }
    }

    @Test(arguments: Backend.all)
    func overloadedWhenTheWriteQueueIsFull(backend: Backend) async throws {
        var configuration = try await testConfiguration(backend)
        configuration.writeQueueCapacity = 0
        try await withLiveServer(configuration) { server in
            let reply = try await server.postEvents(batch(event()))
            #expect(reply.status == 503 && reply.errorCode == "overloaded")
            #expect(reply.header("Retry-After") == "1")
        }
    }

    @Test(arguments: Backend.all)
    func overloadedWhenBcryptHasNoTurnFree(backend: Backend) async throws {
        var configuration = try await testConfiguration(backend)
        // No queue: a verification beyond the threads' width is refused at once.
        configuration.hasher = BcryptHasher(cost: BcryptHasher.productionCost, queueLimit: 0, niceness: 0)
        try await withLiveServer(configuration) { server in
            // Unknown keys that share the real key's lookup prefix: each costs a verification.
            let prefix = String(server.appKey.prefix(Secret.appKeyPrefix.count + Secret.lookupLength))
            let port = try #require(server.client.port)
            // Each on a connection of its own: one connection's requests are answered in turn.
            let replies = try await withThrowingTaskGroup(of: MultiInstanceTests.Answer.self) { group in
                // Many more than there are bcrypt threads (half the cores).
                for _ in 0..<(16 + 4 * System.coreCount) {
                    let key = prefix + String(Secret.generate(prefix: "").prefix(32))
                    group.addTask { try await MultiInstanceTests.send(.get, "/api/v1/timeline", port: port, key: key) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let overloaded = replies.filter { $0.status == 503 }
            #expect(!overloaded.isEmpty, "\(replies.count) verifications at once on \(System.coreCount) cores all found a turn")
            #expect(overloaded.allSatisfy { $0.json["error"]?["code"]?.stringValue == "overloaded" && $0.headers[.retryAfter] == "1" })
            #expect(replies.allSatisfy { $0.status == 503 || $0.json["error"]?["code"]?.stringValue == "invalid_key" })
            // The flood over, the real key is verified as before.
            #expect(try await server.request(.get, "/api/v1/timeline", key: server.appKey).status == 200)
        }
    }

    @Test(arguments: Backend.all)
    func unavailableWhileDraining(backend: Backend) async throws {
        let draining = DrainState()
        try await withLiveServer(backend, draining: draining) { server in
            #expect(try await server.request(.get, "/healthz").status == 200)
            draining.startDraining()
            let reply = try await server.postEvents(batch(event()))
            #expect(reply.status == 503 && reply.errorCode == "unavailable")
            #expect(reply.header("Retry-After") == "1")
        }
    }
}
