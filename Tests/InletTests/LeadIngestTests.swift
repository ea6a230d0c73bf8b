import Foundation
import Testing

@testable import Inlet

@Suite("Lead ingest: org units, /ingest, processing, leads, dead letters")
struct LeadIngestTests {
    @Test(arguments: Backend.all)
    func seedCurlExamplesWorkAsWritten(backend: Backend) async throws {
        try await withLiveServer(backend) { server in
            let page = #"{"alias_kind": "email", "alias": "user@example.com", "event_type": "page_view"}"#
            let unset = try await server.ingest(page)
            #expect(unset.status == 400 && unset["error"]?["message"] == .string("active OU not set"), "\(unset.body)")

            // 1. Set the active OU: a cookie, and remembered for the key.
            let basic = "Basic " + Data((server.appKey + ":").utf8).base64EncodedString()
            let active = try await server.request(.post, "/org-units/active", headers: ["Authorization": basic], body: #"{"ouId": "unit_default"}"#)
            #expect(active.status == 200 && active["ouId"] == .string("unit_default"), "\(active.body)")
            let cookie = try #require(active.header("Set-Cookie"))
            #expect(cookie.hasPrefix("inlet_ou=unit_default;") && cookie.contains("HttpOnly"))

            // 2. Ingest (the second curl keeps no cookie).
            let accepted = try await server.ingest(page)
            #expect(accepted.status == 202 && accepted["status"] == .string("accepted"), "\(accepted.body)")
            #expect(accepted["eventId"]?.stringValue?.hasPrefix("evt_") == true && accepted["requestId"]?.stringValue?.hasPrefix("req_") == true)
            let demo = try await server.ingest(
                #"{"alias_kind": "email", "alias": "User@Example.com", "event_type": "demo_request", "metadata": {"product": "enterprise"}}"#
            )
            #expect(demo.status == 202)
            let dated = try await server.ingest(
                #"{"alias_kind": "email", "alias": "user@example.com", "event_type": "email_open", "timestamp": "2026-04-19T11:00:00Z"}"#
            )
            #expect(dated.status == 202)

            // Processed after the answer: one lead, case-insensitive email, its events on the timeline.
            let lead = try await server.eventually("/leads?alias_kind=email&alias=USER@example.com") { $0["scores"]?["activity"] == .int(3) }
            #expect(lead["scores"] == .object([("activity", .int(3))]), "\(lead.body)")
            #expect(
                lead["unit"] == .string("unit_default")
                    && lead["aliases"] == .array([.object([("kind", .string("email")), ("value", .string("user@example.com"))])])
            )
            let id = try #require(lead["id"]?.stringValue)
            #expect(id.hasPrefix("wrk_") && lead["milestones"] == .array([]))
            #expect(try await server.request(.get, "/leads/\(id)", key: server.appKey).json == lead.json)
            let timeline = try await server.request(.get, "/api/v1/timeline?workerId=\(id)", key: server.appKey)
            let events = timeline["items"]?.arrayValue ?? []
            #expect(events.compactMap { $0["eventType"]?.stringValue } == ["demo_request", "page_view", "email_open"])
            #expect(events.allSatisfy { $0["source"] == .string("lead-ingest") })
            #expect(events[0]["id"] == demo["eventId"] && events[0]["metadata"] == .object([("product", .string("enterprise"))]))
            // The lead is a worker: one person entity.
            let worker = try await server.request(.get, "/api/v1/workers/\(id)", key: server.appKey)
            #expect(worker["activityScore"] == .int(3))
        }
    }

    @Test(arguments: Backend.all)
    func theUnitComesFromTheCookieThenTheKeyThenTheKeysBinding(backend: Backend) async throws {
        try await withLiveServer(backend) { server in
            let west = try await server.request(.post, "/api/v1/admin/orgs/default/units", key: adminToken, body: #"{"name": "West"}"#)
            let westID = try #require(west["id"]?.stringValue)
            let bound = try await server.request(
                .post,
                "/api/v1/admin/orgs/default/apps/default/keys",
                key: adminToken,
                body: #"{"unit": "\#(westID)"}"#
            )
            let boundKey = try #require(bound["key"]?.stringValue)

            // A key bound to a unit needs no active unit.
            #expect(try await server.ingest(#"{"alias_kind": "phone", "alias": "+15550001", "event_type": "call"}"#, key: boundKey).status == 202)
            // The cookie comes first.
            let cookied = try await server.ingest(
                #"{"alias_kind": "phone", "alias": "+15550002", "event_type": "call"}"#,
                key: boundKey,
                headers: ["Cookie": "inlet_ou=unit_default"]
            )
            #expect(cookied.status == 202)
            let forged = try await server.ingest(
                #"{"alias_kind": "phone", "alias": "+15550003", "event_type": "call"}"#,
                key: boundKey,
                headers: ["Cookie": "inlet_ou=unit_nope"]
            )
            #expect(forged.status == 400 && forged.errorCode == "invalid_body")
            let first = try await server.eventually("/leads?alias_kind=phone&alias=%2B15550001") { $0.status == 200 }
            #expect(first["unit"] == .string(westID))
            let second = try await server.eventually("/leads?alias_kind=phone&alias=%2B15550002") { $0.status == 200 }
            #expect(second["unit"] == .string("unit_default"))

            let unknown = try await server.request(.post, "/org-units/active", key: server.appKey, body: #"{"ouId": "unit_nope"}"#)
            #expect(unknown.status == 404 && unknown.errorCode == "not_found")
            #expect(try await server.request(.post, "/org-units/active", key: server.appKey, body: #"{"unit": "x"}"#).errorCode == "invalid_body")
            #expect(try await server.request(.post, "/org-units/active", body: #"{"ouId": "unit_default"}"#).errorCode == "invalid_key")
            #expect(
                try await server.request(.post, "/org-units/active", key: adminToken, body: #"{"ouId": "unit_default"}"#).errorCode == "forbidden"
            )
        }
    }

    @Test(arguments: Backend.all)
    func ingestRefusesBadInputAtTheDoor(backend: Backend) async throws {
        try await withLiveServer(backend) { server in
            let (_, key) = try await server.makeOrganization(slug: "acme", eventTypes: ["page_view"], extra: #", "maxEventsPerMonth": 1"#)
            #expect(try await server.request(.post, "/org-units/active", key: key, body: #"{"ouId": "unit_default"}"#).status == 200)
            for body in [
                #"{"alias_kind": "email", "alias": "a@b.c", "event_type": "page_view", "unit_id": "unit_default"}"#,
                #"{"alias_kind": "email", "alias": "a@b.c"}"#, #"{"alias_kind": "fax", "alias": "1", "event_type": "page_view"}"#,
                #"{"lead_id": "wrk_1", "alias_kind": "email", "alias": "a@b.c", "event_type": "page_view"}"#,
                #"{"alias_kind": "email", "alias": "a@b.c", "event_type": "page_view", "timestamp": "yesterday"}"#,
                #"{"alias_kind": "email", "alias": "a@b.c", "event_type": "page_view", "metadata": [1]}"#,
                #"[{"alias_kind": "email", "alias": "a@b.c", "event_type": "page_view"}]"#, "{", "null",
            ] {
                let refused = try await server.ingest(body, key: key)
                #expect(refused.status == 400 && refused.errorCode == "invalid_body", "\(body) \(refused.body)")
            }
            let forbidden = try await server.ingest(#"{"alias_kind": "email", "alias": "a@b.c", "event_type": "signup"}"#, key: key)
            #expect(forbidden.status == 422 && forbidden.errorCode == "forbidden_event_type")
            #expect(try await server.ingest(#"{"alias_kind": "email", "alias": "a@b.c", "event_type": "page_view"}"#, key: key).status == 202)
            let capped = try await server.ingest(#"{"alias_kind": "email", "alias": "a@b.c", "event_type": "page_view"}"#, key: key)
            #expect(capped.status == 402 && capped.errorCode == "plan_limit")
            #expect(try await server.ingest("{}", key: "wp_live_" + String(repeating: "x", count: 40)).errorCode == "invalid_key")
            let text = try await server.request(.post, "/ingest", key: key, body: "{}", contentType: "text/plain")
            #expect(text.status == 415 && text.errorCode == "unsupported_media_type")
            let huge = try await server.request(.post, "/ingest", key: key, body: String(repeating: " ", count: (5 << 20) + 1))
            #expect(huge.status == 413 && huge.errorCode == "payload_too_large")
            let streamKey = try await server.request(.post, "/ingest", key: server.streamKey, body: "{}")
            #expect(streamKey.status == 403 && streamKey.errorCode == "forbidden")

            // An idempotent retry is answered from the record: one event stored.
            #expect(try await server.request(.post, "/org-units/active", key: server.appKey, body: #"{"ouId": "unit_default"}"#).status == 200)
            let body = #"{"alias_kind": "cookie", "alias": "c-1", "event_type": "page_view"}"#
            let first = try await server.ingest(body, headers: ["Idempotency-Key": "retry-1"])
            let again = try await server.ingest(body, headers: ["Idempotency-Key": "retry-1"])
            #expect(
                first.status == 202 && again.status == 202 && again.header("Idempotent-Replayed") == "true" && again["eventId"] == first["eventId"]
            )
            let lead = try await server.eventually("/leads?alias_kind=cookie&alias=c-1") { $0.status == 200 }
            #expect(lead["scores"]?["activity"] == .int(1))
        }
    }

    @Test(arguments: Backend.all)
    func scoresMilestonesAndSequencesAreRecordedOnce(backend: Backend) async throws {
        try await withLiveServer(backend) { server in
            let ruleset = #"""
                {"name": "mql", "windowDays": 30,
                 "rules": [{"eventType": "page_view", "points": 5, "where": {"metadata.path": "/pricing"}}, {"eventType": "demo.*", "points": 20},
                           {"eventType": "unsubscribe", "points": -30}],
                 "milestones": [{"name": "warm", "threshold": 25}],
                 "sequences": [{"name": "buyer", "steps": ["page_view", "demo.booked"], "withinSeconds": 3600}]}
                """#
            #expect(try await server.request(.post, "/api/v1/admin/orgs/default/rulesets", key: adminToken, body: ruleset).status == 201)
            #expect(try await server.request(.post, "/org-units/active", key: server.appKey, body: #"{"ouId": "unit_default"}"#).status == 200)
            func send(_ type: String, at time: String, metadata: String = "{}") async throws {
                let body =
                    #"{"alias_kind": "external_id", "alias": "crm-7", "event_type": "\#(type)", "timestamp": "\#(time)", "metadata": \#(metadata)}"#
                #expect(try await server.ingest(body).status == 202)
            }
            try await send("page_view", at: "2026-04-19T10:00:00Z", metadata: #"{"path": "/pricing"}"#)
            try await send("page_view", at: "2026-04-19T10:10:00Z", metadata: #"{"path": "/blog"}"#)
            try await send("demo.booked", at: "2026-04-19T10:30:00Z")
            let warm = try await server.eventually("/leads?alias_kind=external_id&alias=crm-7") { $0["scores"]?["mql"] == .int(25) }
            #expect(warm["scores"] == .object([("activity", .int(3)), ("mql", .int(25))]), "\(warm.body)")
            #expect(
                warm["milestones"]
                    == .array([.object([("name", .string("warm")), ("ruleset", .string("mql")), ("reachedAt", .string("2026-04-19T10:30:00.000Z"))])])
            )

            // Down below the threshold and up again: no second milestone.
            try await send("unsubscribe", at: "2026-04-19T11:00:00Z")
            try await send("demo.requested", at: "2026-04-19T11:05:00Z")
            try await send("demo.requested", at: "2026-04-19T11:06:00Z")
            let again = try await server.eventually("/leads?alias_kind=external_id&alias=crm-7") { $0["scores"]?["mql"] == .int(35) }
            #expect(again["scores"]?["mql"] == .int(35) && again["milestones"]?.arrayValue?.count == 1, "\(again.body)")

            let id = try #require(again["id"]?.stringValue)
            let system = try await server.request(.get, "/api/v1/timeline?workerId=\(id)&source=system", key: server.appKey)
            let recorded = system["items"]?.arrayValue ?? []
            #expect(recorded.compactMap { $0["eventType"]?.stringValue }.sorted() == ["milestone.reached", "sequence.completed"], "\(system.body)")
            let milestone = try #require(recorded.first { $0["eventType"] == .string("milestone.reached") })
            #expect(milestone["metadata"]?["milestone"] == .string("warm") && milestone["metadata"]?["score"] == .int(25))
            #expect(milestone["timestamp"] == .string("2026-04-19T10:30:00.000Z"))
        }
    }

    @Test(arguments: Backend.all)
    func v1EventsAreScoredByRulesThatLookIntoTheirMetadata(backend: Backend) async throws {
        try await withLiveServer(backend) { server in
            let ruleset = #"{"name": "pricing", "rules": [{"eventType": "page_view", "points": 5, "where": {"metadata.path": "/pricing"}}]}"#
            #expect(try await server.request(.post, "/api/v1/admin/orgs/default/rulesets", key: adminToken, body: ruleset).status == 201)
            let (otherOrganization, otherKey) = try await server.makeOrganization(slug: "acme")
            let views = batch(
                event(#""metadata": {"path": "/pricing"}"#, type: "page_view"),
                event(#""metadata": {"path": "/blog"}"#, type: "page_view"),
                event(#""metadata": {"path": "/pricing"}"#, type: "page_view")
            )
            // Both organizations' events wait in the same backlog; only the first has a rule that reads metadata.
            let scored = try await server.postEvents(views)
            let other = try await server.postEvents(views, key: otherKey)
            #expect(scored.status == 200 && other.status == 200, "\(scored.body) \(other.body)")
            let worker = try #require(scored["results"]?.arrayValue?.first?["workerId"]?.stringValue)
            let otherWorker = try #require(other["results"]?.arrayValue?.first?["workerId"]?.stringValue)
            let lead = try await server.eventually("/leads/\(worker)") { $0["scores"]?["activity"] == .int(3) }
            #expect(lead["scores"] == .object([("activity", .int(3)), ("pricing", .int(10))]), "\(lead.body)")
            let otherLead = try await server.eventually("/leads/\(otherWorker)", organization: otherOrganization) {
                $0["scores"]?["activity"] == .int(3)
            }
            #expect(otherLead["scores"] == .object([("activity", .int(3))]), "\(otherLead.body)")
        }
    }

    @Test(arguments: Backend.all)
    func deadLettersAreListedAndReplayed(backend: Backend) async throws {
        let clock = TestClock()
        var configuration = try await testConfiguration(backend, clock: clock)
        configuration.identifiers = NumberedWorkerIDs(clock: clock)
        try await withLiveServer(configuration) { server in
            #expect(try await server.request(.post, "/org-units/active", key: server.appKey, body: #"{"ouId": "unit_default"}"#).status == 200)
            // Events for a lead that does not exist yet (the first start made no person).
            let early = try await server.ingest(#"{"lead_id": "wrk_test1", "event_type": "page_view", "metadata": {"a": 1}}"#)
            #expect(try await server.ingest(#"{"lead_id": "ld_abc123", "event_type": "demo_request"}"#).status == 202)
            let listed = try await server.eventually("/api/v1/dead-letters") { $0["items"]?.arrayValue?.count == 2 }
            let items = try #require(listed["items"]?.arrayValue)
            #expect(items.count == 2 && listed["nextCursor"] == .null, "\(listed.body)")
            let letter = try #require(items.first { $0["eventId"] == early["eventId"] })
            #expect(letter["reason"]?["code"] == .string("unknown_lead") && letter["route"] == .string("/ingest"))
            #expect(letter["payload"]?["lead_id"] == .string("wrk_test1") && letter["payload"]?["metadata"] == .object([("a", .number("1"))]))
            let id = try #require(letter["id"]?.stringValue)
            #expect(id.hasPrefix("dlq_"))

            // Paginated, filtered by reason, isolated by organization.
            let first = try await server.request(.get, "/api/v1/dead-letters?limit=1", key: server.appKey)
            let cursor = try #require(first["nextCursor"]?.stringValue)
            let second = try await server.request(.get, "/api/v1/dead-letters?limit=1&cursor=\(cursor)", key: server.appKey)
            #expect(first["items"]?.arrayValue?.count == 1 && second["items"]?.arrayValue?.count == 1 && second["nextCursor"] == .null)
            #expect(try await server.request(.get, "/api/v1/dead-letters?reason=other", key: server.appKey)["items"] == .array([]))
            #expect(
                try await server.request(.get, "/api/v1/dead-letters?reason=unknown_lead&org=default", key: adminToken)["items"]?.arrayValue?.count
                    == 2
            )
            let (_, otherKey) = try await server.makeOrganization(slug: "acme")
            #expect(try await server.request(.get, "/api/v1/dead-letters", key: otherKey)["items"] == .array([]))
            #expect(try await server.request(.post, "/api/v1/dead-letters/\(id)/replay", key: otherKey).errorCode == "not_found")
            #expect(try await server.request(.get, "/api/v1/dead-letters?cursor=nope", key: server.appKey).errorCode == "invalid_body")

            // Replayed while the lead still does not exist: the entry stays, with the new attempt.
            clock.advance(seconds: 1)
            let failing = try await server.request(.post, "/api/v1/dead-letters/\(id)/replay", key: server.appKey)
            #expect(failing.status == 202 && failing["status"] == .string("accepted"), "\(failing.body)")
            let refused = try await server.eventually("/api/v1/dead-letters?reason=unknown_lead") { reply in
                reply["items"]?.arrayValue?.first { $0["id"] == .string(id) }?["failedAt"] != letter["failedAt"]
            }
            #expect(refused["items"]?.arrayValue?.count == 2)

            // The lead comes into being; the replay now scores the event, once.
            #expect(try await server.ingest(#"{"alias_kind": "email", "alias": "late@example.com", "event_type": "signup"}"#).status == 202)
            let created = try await server.eventually("/leads/wrk_test1") { $0.status == 200 }
            #expect(created["scores"]?["activity"] == .int(1), "\(created.body)")
            #expect(try await server.request(.post, "/api/v1/dead-letters/\(id)/replay?org=default", key: adminToken).status == 202)
            let scored = try await server.eventually("/leads/wrk_test1") { $0["scores"]?["activity"] == .int(2) }
            #expect(scored["scores"]?["activity"] == .int(2))
            let remaining = try await server.eventually("/api/v1/dead-letters") { $0["items"]?.arrayValue?.count == 1 }
            #expect(remaining["items"]?.arrayValue?.first?["id"] != .string(id))
            let second2 = try await server.request(.post, "/api/v1/dead-letters/\(id)/replay", key: server.appKey)
            #expect(second2.status == 404 && second2.errorCode == "not_found")
            try await Task.sleep(for: .milliseconds(200))
            #expect(try await server.request(.get, "/leads/wrk_test1", key: server.appKey)["scores"]?["activity"] == .int(2))
            let timeline = try await server.request(.get, "/api/v1/timeline?workerId=wrk_test1", key: server.appKey)
            #expect(timeline["items"]?.arrayValue?.compactMap { $0["id"] }.contains(early["eventId"] ?? .null) == true)

            // /metrics counts what was processed and dead-lettered, by reason.
            let metrics = try await server.request(.get, "/metrics").body
            #expect(metrics.contains("inlet_lead_dead_letters_total{reason=\"unknown_lead\"} 3"), "\(metrics)")
            #expect(metrics.contains("inlet_lead_events_processed_total 5"))
        }
    }

    @Test(arguments: Backend.all)
    func leadReadsAndErrors(backend: Backend) async throws {
        try await withLiveServer(backend) { server in
            let missing = try await server.request(.get, "/leads/wrk_nope", key: server.appKey)
            #expect(missing.status == 404 && missing.errorCode == "not_found")
            #expect(try await server.request(.get, "/leads?alias_kind=email&alias=no@one", key: server.appKey).errorCode == "not_found")
            #expect(try await server.request(.get, "/leads?alias_kind=fax&alias=1", key: server.appKey).errorCode == "invalid_body")
            #expect(try await server.request(.get, "/leads", key: server.appKey).errorCode == "invalid_body")
            #expect(try await server.request(.get, "/leads/x").errorCode == "invalid_key")
            #expect(try await server.request(.get, "/leads/x", key: server.streamKey).errorCode == "forbidden")
            #expect(try await server.request(.get, "/leads/x", key: adminToken).errorCode == "invalid_body")
            #expect(try await server.request(.get, "/api/v1/dead-letters?limit=0", key: server.appKey).errorCode == "invalid_body")
            #expect(try await server.request(.post, "/api/v1/dead-letters/dlq_nope/replay", key: server.appKey).errorCode == "not_found")
        }
    }
}
