import Testing

@testable import Inlet

@Suite("Idempotency-Key")
struct IdempotencyTests {
    @Test(arguments: Backend.all)
    func replayIsVerbatimAndWritesNothing(backend: Backend) async throws {
        try await withLiveServer(backend) { server in
            let first = try await server.postEvents(batch(event(), event(type: "bad type!")), headers: ["Idempotency-Key": "job-1:1"])
            #expect(first.status == 207)
            #expect(first.header("Idempotent-Replayed") == nil)
            let replay = try await server.postEvents(batch(event(), event(type: "bad type!")), headers: ["Idempotency-Key": "job-1:1"])
            #expect(replay.status == 207)
            #expect(replay.body == first.body)
            #expect(replay.header("Idempotent-Replayed") == "true")
            #expect(replay.header("X-Request-Id") != first.header("X-Request-Id"))
            let timeline = try await server.request(.get, "/api/v1/timeline", key: server.appKey)
            #expect(timeline["items"]?.arrayValue?.count == 1)
        }
    }

    @Test(arguments: Backend.all)
    func errorAnswersBelow500AreStoredButNot409Or429(backend: Backend) async throws {
        try await withLiveServer(backend) { server in
            let bad = try await server.postEvents("{oops", headers: ["Idempotency-Key": "bad-1"])
            #expect(bad.status == 400)
            let replay = try await server.postEvents("{oops", headers: ["Idempotency-Key": "bad-1"])
            #expect(replay.status == 400 && replay.header("Idempotent-Replayed") == "true")
            #expect(replay.body == bad.body)

            let snapshot = #"{"snapshotType": "q", "actor": {"email": "a@b.c"}, "metrics": {"a": 1}}"#
            let stored = try await server.request(
                .post,
                "/api/v1/ingest/snapshots",
                key: server.appKey,
                headers: ["Idempotency-Key": "s"],
                body: snapshot
            )
            let again = try await server.request(
                .post,
                "/api/v1/ingest/snapshots",
                key: server.appKey,
                headers: ["Idempotency-Key": "s"],
                body: snapshot
            )
            #expect(stored.status == 200 && again.body == stored.body && again.header("Idempotent-Replayed") == "true")
        }
    }

    @Test(arguments: Backend.all)
    func scopeIsTheOrganizationAndTheRoute(backend: Backend) async throws {
        try await withLiveServer(backend) { server in
            let (_, otherKey) = try await server.makeOrganization(slug: "other")
            let mine = try await server.postEvents(batch(event()), headers: ["Idempotency-Key": "shared"])
            let theirs = try await server.postEvents(batch(event()), key: otherKey, headers: ["Idempotency-Key": "shared"])
            #expect(mine.status == 200 && theirs.status == 200)
            #expect(theirs.header("Idempotent-Replayed") == nil)
            let snapshot = try await server.request(
                .post,
                "/api/v1/ingest/snapshots",
                key: server.appKey,
                headers: ["Idempotency-Key": "shared"],
                body: #"{"snapshotType": "q", "actor": {"email": "a@b.c"}, "metrics": {"a": 1}}"#
            )
            #expect(snapshot.status == 200 && snapshot.header("Idempotent-Replayed") == nil)
        }
    }

    @Test(arguments: Backend.all)
    func scopeIncludesTheResourceAParameterNames(backend: Backend) async throws {
        try await withLiveServer(backend) { server in
            let missing = try await server.request(.post, "/api/v1/dead-letters/dlq_a/replay", key: server.appKey, headers: ["Idempotency-Key": "r"])
            #expect(missing.status == 404)
            let replay = try await server.request(.post, "/api/v1/dead-letters/dlq_a/replay", key: server.appKey, headers: ["Idempotency-Key": "r"])
            #expect(replay.header("Idempotent-Replayed") == "true")
            let other = try await server.request(.post, "/api/v1/dead-letters/dlq_b/replay", key: server.appKey, headers: ["Idempotency-Key": "r"])
            #expect(other.status == 404 && other.header("Idempotent-Replayed") == nil && other.body.contains("dlq_b"), "\(other.body)")
        }
    }

    /// Records stored under the names routes had before their scopes became
    /// their patterns are renamed when the store is upgraded.
    @Test(arguments: Backend.all)
    func keysStoredUnderEarlierRouteNamesAreHonouredAfterAnUpgrade(backend: Backend) async throws {
        let database = try await backend.freshDatabase()
        let configuration = testConfiguration(clock: TestClock(), database: database)
        let unitsPath = "/api/v1/admin/orgs/default/units"
        let (appKey, events, unit) = try await withLiveServer(configuration) { server in
            (
                server.appKey,
                try await server.postEvents(batch(event()), headers: ["Idempotency-Key": "before-events"]),
                try await server.request(.post, unitsPath, key: adminToken, headers: ["Idempotency-Key": "before-unit"], body: #"{"name": "North"}"#)
            )
        }
        #expect(events.status == 200 && unit.status == 201, "\(unit.body)")
        let (migrations, latest) =
            backend == .sqlite ? ("grdb_migrations WHERE identifier", "'014_idempotency_scopes'") : ("schema_migrations WHERE version", "16")
        for statement in [
            "UPDATE idempotency_records SET route = 'events' WHERE key = 'before-events'",
            "UPDATE idempotency_records SET route = 'admin/orgs/{org}/units \(unitsPath)' WHERE key = 'before-unit'",
            "DELETE FROM \(migrations) = \(latest)",
        ] {
            try await Backend.execute(statement, on: database)
        }
        try await withLiveServer(configuration) { server in
            let eventsAgain = try await server.postEvents(batch(event()), key: appKey, headers: ["Idempotency-Key": "before-events"])
            #expect(eventsAgain.header("Idempotent-Replayed") == "true" && eventsAgain.body == events.body)
            let unitAgain = try await server.request(
                .post,
                unitsPath,
                key: adminToken,
                headers: ["Idempotency-Key": "before-unit"],
                body: #"{"name": "North"}"#
            )
            #expect(unitAgain.header("Idempotent-Replayed") == "true" && unitAgain.body == unit.body, "\(unitAgain.body)")
        }
    }

    @Test(arguments: Backend.all)
    func malformedKeysAreInvalidBody(backend: Backend) async throws {
        try await withLiveServer(backend) { server in
            let long = try await server.postEvents(batch(event()), headers: ["Idempotency-Key": String(repeating: "k", count: 256)])
            #expect(long.status == 400 && long.errorCode == "invalid_body")
            let fine = try await server.postEvents(batch(event()), headers: ["Idempotency-Key": String(repeating: "k", count: 255)])
            #expect(fine.status == 200)
        }
    }

    @Test(arguments: Backend.all)
    func recordsSurviveARestartAndExpireAfterRetention(backend: Backend) async throws {
        let clock = TestClock()
        let database = try await backend.freshDatabase()
        var configuration = testConfiguration(clock: clock, database: database)
        configuration.retentionInterval = .milliseconds(20)
        let (appKey, organizationID, first) = try await withLiveServer(configuration) { server in
            (server.appKey, server.organizationID, try await server.postEvents(batch(event()), headers: ["Idempotency-Key": "durable"]))
        }
        try await withLiveServer(configuration) { server in
            let stored = try await withStore(database) {
                try await $0.idempotencyRecord(organizationID: organizationID, route: "/api/v1/ingest/events", key: "durable", notBefore: 0)
            }
            #expect(stored != nil)
            let replay = try await server.postEvents(batch(event()), key: appKey, headers: ["Idempotency-Key": "durable"])
            #expect(replay.header("Idempotent-Replayed") == "true")
            #expect(replay.body == first.body)

            clock.advance(seconds: 86_401)
            // The retention service deletes the expired record within a few of its 20 ms rounds (5 s at most on a loaded machine).
            var expired = stored
            let deadline = ContinuousClock.now + .seconds(5)
            while expired != nil, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(20))
                expired = try await withStore(database) {
                    try await $0.idempotencyRecord(organizationID: organizationID, route: "/api/v1/ingest/events", key: "durable", notBefore: 0)
                }
            }
            #expect(expired == nil)
            let fresh = try await server.postEvents(batch(event()), key: appKey, headers: ["Idempotency-Key": "durable"])
            #expect(fresh.status == 200)
            #expect(fresh.header("Idempotent-Replayed") == nil)
            #expect(fresh.body != first.body)
        }
    }
}
