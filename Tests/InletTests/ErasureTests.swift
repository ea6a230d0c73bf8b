import Testing

@testable import Inlet

@Suite("Erasure of a person")
struct ErasureTests {
    private static let ana = #"{"email": "Ana@Example.com"}"#
    private static let bob = #"{"email": "bob@example.com"}"#

    /// A ruleset with a milestone Ana reaches.
    private static let ruleset =
        #"{"name": "demo", "rules": [{"eventType": "demo_request", "points": 5}], "milestones": [{"name": "warm", "threshold": 5}]}"#

    private static func ids(_ reply: Reply) -> [String] {
        reply["results"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
    }

    private static func exported(_ server: LiveServer) async throws -> [JSONValue] {
        let export = try await server.request(.get, "/api/v1/export/events", key: server.appKey)
        return try export.body.split(separator: "\n").map { try JSONParser.parse(Array($0.utf8)) }
    }

    /// Whether the live client receives the event `id` (after others that
    /// became visible meanwhile, as the first one may on PostgreSQL).
    private static func frame(_ id: String?, from live: LiveClient) async throws -> Bool {
        while let frame = try await live.nextEvent() {
            if frame.id == id { return true }
        }
        return false
    }

    @Test(arguments: Backend.all)
    func everythingAboutThePersonLeavesEveryReadInOneStepAndTheirIdentifierMakesANewPersonLater(backend: Backend) async throws {
        let clock = TestClock()
        var configuration = try await testConfiguration(backend, clock: clock)
        configuration.identifiers = NumberedWorkerIDs(clock: clock)
        try await withLiveServer(configuration) { server in
            #expect(try await server.request(.post, "/org-units/active", key: server.appKey, body: #"{"ouId": "unit_default"}"#).status == 200)
            #expect(try await server.request(.post, "/api/v1/admin/orgs/default/rulesets", key: adminToken, body: Self.ruleset).status == 201)
            // A lead event for Ana's id before she exists: a dead letter that names her.
            #expect(try await server.ingest(#"{"lead_id": "wrk_test1", "event_type": "page_view"}"#).status == 202)
            _ = try await server.eventually("/api/v1/dead-letters") { $0["items"]?.arrayValue?.count == 1 }

            // Ana (wrk_test1): v1 events, a snapshot, lead events under her email alias; Bob: one event.
            let anaEvents = Self.ids(try await server.postEvents(batch(event(actor: Self.ana), event(type: "deploy.shipped", actor: Self.ana))))
            #expect(anaEvents.count == 2)
            let snapshot = try await server.request(
                .post,
                "/api/v1/ingest/snapshots",
                key: server.appKey,
                body: #"{"snapshotType": "queue", "actor": \#(Self.ana), "metrics": {"waiting": {"value": 5, "unit": "count"}}}"#
            )
            #expect(snapshot.status == 200, "\(snapshot.body)")
            #expect(try await server.ingest(#"{"alias_kind": "email", "alias": "ana@example.com", "event_type": "demo_request"}"#).status == 202)
            let bobEvent = Self.ids(try await server.postEvents(batch(event(actor: Self.bob))))
            let lead = try await server.eventually("/leads?alias_kind=email&alias=ana@example.com") { $0["milestones"]?.arrayValue?.count == 1 }
            #expect(lead["id"] == .string("wrk_test1"), "\(lead.body)")
            let before = try await Self.exported(server)
            #expect(before.count == 5)
            let beforeAna = try #require(before.first { $0["workerId"] == .string("wrk_test1") }?["id"]?.stringValue)

            // Erased: counted by kind, the log without identifiers.
            let erased = try await server.request(.delete, "/api/v1/admin/orgs/default/workers/wrk_test1", key: adminToken)
            #expect(erased.status == 200, "\(erased.body)")
            let erasure = try #require(erased["erasure"]?.stringValue)
            #expect(erasure.hasPrefix("era_"))
            #expect(
                erased["deleted"]
                    == .object([
                        ("events", .int(4)), ("snapshots", .int(1)), ("identifiers", .int(1)), ("scores", .int(2)), ("milestones", .int(1)),
                        ("queued", .int(0)), ("deadLetters", .int(1)),
                    ]),
                "\(erased.body)"
            )
            let log = try await server.request(.get, "/api/v1/admin/orgs/default/erasures", key: adminToken)
            #expect(
                log["items"]?.arrayValue?.map { $0["id"] } == [.string(erasure)] && log["items"]?.arrayValue?.first?["deleted"] == erased["deleted"]
            )
            #expect(!log.body.contains("ana") && !log.body.contains("wrk_test1"), "\(log.body)")

            // Gone from every read.
            #expect(try await server.request(.get, "/api/v1/workers/wrk_test1", key: server.appKey).errorCode == "not_found")
            #expect(try await server.request(.get, "/api/v1/timeline?workerId=wrk_test1", key: server.appKey)["items"] == .array([]))
            #expect(try await Self.exported(server).compactMap { $0["id"]?.stringValue } == bobEvent)
            #expect(try await server.request(.get, "/api/v1/dead-letters", key: server.appKey)["items"] == .array([]))
            #expect(try await server.request(.get, "/leads?alias_kind=email&alias=ana@example.com", key: server.appKey).status == 404)
            let people = try await server.request(.get, "/api/v1/workers", key: server.appKey)
            #expect(people["items"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == ["wrk_test2"])
            // The live stream resumed from before her events does not bring them back.
            let live = try LiveClient(
                port: try #require(server.client.port),
                headers: ["Authorization": "Bearer " + server.appKey, "Last-Event-ID": beforeAna]
            )
            #expect(try await live.awaitHead() == 200)
            var resumed: [String] = []
            while let frame = try await live.nextEvent(within: .seconds(1)) { resumed.append(frame.id ?? "") }
            #expect(Set(resumed).isDisjoint(with: anaEvents), "\(resumed)")
            #expect(try await server.request(.delete, "/api/v1/admin/orgs/default/workers/wrk_test1", key: adminToken).errorCode == "not_found")

            // Her email later is a new person, erased in turn by that identifier.
            #expect(Self.ids(try await server.postEvents(batch(event(actor: Self.ana)))).count == 1)
            let again = try await server.request(.get, "/api/v1/timeline?limit=1", key: server.appKey)
            let newID = try #require(again["items"]?.arrayValue?.first?["workerId"]?.stringValue)
            #expect(newID != "wrk_test1")
            let byEmail = try await server.request(.delete, "/api/v1/admin/orgs/default/workers?kind=email&value=ANA@example.com", key: adminToken)
            #expect(byEmail.status == 200 && byEmail["deleted"]?["events"] == .int(1), "\(byEmail.body)")
            #expect(try await server.request(.get, "/api/v1/workers/\(newID)", key: server.appKey).status == 404)
            let both = try await server.request(.get, "/api/v1/admin/orgs/default/erasures?limit=1", key: adminToken)
            #expect(both["items"]?.arrayValue?.first?["id"] == byEmail["erasure"] && both["nextCursor"]?.stringValue != nil)
        }
    }

    @Test(arguments: Backend.all)
    func aPersonIsNamedByIdOrByAnIdentifierOfAKindTheServerKnows(backend: Backend) async throws {
        try await withLiveServer(backend) { server in
            #expect(try await server.postEvents(batch(event(actor: #"{"externalId": "u-1"}"#))).status == 200)
            let path = "/api/v1/admin/orgs/default/workers"
            // An app's externalId is named with its app; without one, or as the alias kind, it is the lead alias.
            #expect(try await server.request(.delete, path + "?kind=externalId&value=u-1", key: adminToken).errorCode == "not_found")
            #expect(try await server.request(.delete, path + "?kind=external_id&value=u-1", key: adminToken).errorCode == "not_found")
            #expect(try await server.request(.delete, path + "?kind=externalId&value=u-1&app=nope", key: adminToken).errorCode == "not_found")
            for query in ["", "?kind=email", "?kind=fax&value=1", "?kind=email&value="] {
                #expect(try await server.request(.delete, path + query, key: adminToken).errorCode == "invalid_body", "\(query)")
            }
            #expect(try await server.request(.delete, path + "/wrk_nobody", key: adminToken).errorCode == "not_found")
            #expect(try await server.request(.delete, "/api/v1/admin/orgs/nope/workers/wrk_1", key: adminToken).errorCode == "not_found")
            #expect(try await server.request(.delete, path + "?kind=externalId&value=u-1&app=default", key: server.appKey).errorCode == "forbidden")
            #expect(try await server.request(.delete, path + "?kind=externalId&value=u-1&app=default").errorCode == "invalid_key")
            #expect(try await server.request(.get, "/api/v1/admin/orgs/default/erasures?cursor=nope", key: adminToken).errorCode == "invalid_body")
            let erased = try await server.request(.delete, path + "?kind=externalId&value=u-1&app=default", key: adminToken)
            #expect(erased.status == 200 && erased["deleted"]?["events"] == .int(1) && erased["deleted"]?["identifiers"] == .int(1))
        }
    }

    @Test(arguments: Backend.all)
    func leadEventsStillQueuedAreErasedWithThePerson(backend: Backend) async throws {
        var configuration = try await testConfiguration(backend)
        configuration.processesLeads = false
        try await withLiveServer(configuration) { server in
            #expect(try await server.request(.post, "/org-units/active", key: server.appKey, body: #"{"ouId": "unit_default"}"#).status == 200)
            #expect(try await server.postEvents(batch(event(actor: Self.ana))).status == 200)
            for type in ["page_view", "demo_request"] {
                #expect(try await server.ingest(#"{"alias_kind": "email", "alias": "ana@example.com", "event_type": "\#(type)"}"#).status == 202)
            }
            #expect(try await server.ingest(#"{"alias_kind": "email", "alias": "bob@example.com", "event_type": "page_view"}"#).status == 202)
            let erased = try await server.request(.delete, "/api/v1/admin/orgs/default/workers?kind=email&value=ana@example.com", key: adminToken)
            #expect(erased["deleted"]?["queued"] == .int(2) && erased["deleted"]?["events"] == .int(1), "\(erased.body)")
        }
    }

    /// SQLite reuses the largest sequence when the newest event is deleted;
    /// the event stored next must still reach a live client and be scored once.
    @Test(arguments: Backend.all)
    func theEventAfterErasingTheNewestIsStreamedAndScoredOnce(backend: Backend) async throws {
        try await withLiveServer(backend) { server in
            #expect(try await server.postEvents(batch(event(actor: Self.bob))).status == 200)
            let live = try LiveClient(port: try #require(server.client.port), headers: ["Authorization": "Bearer " + server.appKey])
            #expect(try await live.awaitHead() == 200)
            #expect(try await live.next()?.comment == "live")
            let anaEvent = Self.ids(try await server.postEvents(batch(event(actor: Self.ana))))
            #expect(try await Self.frame(anaEvent.first, from: live))
            _ = try await server.eventually("/api/v1/workers?limit=10") { reply in
                reply["items"]?.arrayValue?.allSatisfy { $0["activityScore"] == .int(1) } == true
            }
            let erased = try await server.request(.delete, "/api/v1/admin/orgs/default/workers?kind=email&value=ana@example.com", key: adminToken)
            #expect(erased["deleted"]?["events"] == .int(1))
            let bobAgain = Self.ids(try await server.postEvents(batch(event(actor: Self.bob))))
            #expect(try await Self.frame(bobAgain.first, from: live))
            let bob = try await server.eventually("/api/v1/workers?limit=10") { $0["items"]?.arrayValue?.first?["activityScore"] == .int(2) }
            try await Task.sleep(for: .milliseconds(300))
            let settled = try await server.request(.get, "/api/v1/workers", key: server.appKey)
            #expect(bob["items"]?.arrayValue?.count == 1 && settled["items"]?.arrayValue?.first?["activityScore"] == .int(2), "\(settled.body)")
        }
    }
}
