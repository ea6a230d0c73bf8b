import Foundation
import Testing

@testable import Inlet

@Suite("Lead ingest: /import/events")
struct LeadImportTests {
    private static let ruleset = #"""
        {"name": "mql", "rules": [{"eventType": "page_view", "points": 5, "where": {"metadata.path": "/pricing"}}, {"eventType": "demo.*", "points": 20}],
         "milestones": [{"name": "warm", "threshold": 25}]}
        """#

    @Test(arguments: Backend.all)
    func jsonImportRejectsRowsAndScoresTheRestInTimestampOrder(backend: Backend) async throws {
        try await withLiveServer(backend) { server in
            #expect(try await server.request(.post, "/api/v1/admin/orgs/default/rulesets", key: adminToken, body: Self.ruleset).status == 201)
            let unset = try await server.request(.post, "/import/events", key: server.appKey, body: #"{"events": [{}]}"#)
            #expect(unset.status == 400 && unset["error"]?["message"] == .string("active OU not set"))
            #expect(try await server.request(.post, "/org-units/active", key: server.appKey, body: #"{"ouId": "unit_default"}"#).status == 200)
            let body = #"""
                {"events": [
                  {"alias_kind": "email", "alias": "ann@example.com", "event_type": "demo.booked", "timestamp": "2026-04-10T10:30:00Z"},
                  {"alias_kind": "email", "alias": "ann@example.com", "event_type": "page_view"},
                  {"alias_kind": "email", "alias": "ann@example.com", "event_type": "page_view", "timestamp": "2026-04-10T10:00:00Z", "metadata": {"path": "/pricing"}},
                  {"alias_kind": "email", "alias": "ann@example.com", "event_type": "page_view", "timestamp": "2026-04-10T10:10:00Z", "unit_id": "x"}
                ]}
                """#
            let imported = try await server.request(.post, "/import/events", key: server.appKey, headers: ["Idempotency-Key": "import-1"], body: body)
            #expect(imported.status == 202 && imported["accepted"] == .int(2) && imported["rejected"] == .int(2), "\(imported.body)")
            let rejections = imported["rejections"]?.arrayValue ?? []
            #expect(rejections.map { $0["index"] } == [.int(1), .int(3)] && rejections.allSatisfy { $0["line"] == nil })
            #expect(rejections[0]["error"]?["code"] == .string("invalid_timestamp"))

            // Sent late first, scored in timestamp order: the milestone falls on the demo at 10:30.
            let lead = try await server.eventually("/leads?alias_kind=email&alias=ann@example.com") { $0["scores"]?["mql"] == .int(25) }
            #expect(lead["milestones"]?.arrayValue?.first?["reachedAt"] == .string("2026-04-10T10:30:00.000Z"), "\(lead.body)")

            // A retry is answered from the record and stores nothing more.
            let again = try await server.request(.post, "/import/events", key: server.appKey, headers: ["Idempotency-Key": "import-1"], body: body)
            #expect(again.header("Idempotent-Replayed") == "true" && again.body == imported.body)
            try await Task.sleep(for: .milliseconds(300))
            #expect(try await server.eventually("/leads?alias_kind=email&alias=ann@example.com") { _ in true }["scores"]?["mql"] == .int(25))
        }
    }

    @Test(arguments: Backend.all)
    func ndjsonIsReadLineByLineWithRejectionsByLine(backend: Backend) async throws {
        try await withLiveServer(backend) { server in
            #expect(try await server.request(.post, "/org-units/active", key: server.appKey, body: #"{"ouId": "unit_default"}"#).status == 200)
            let body = """
                {"lead_id": "wrk_nope", "event_type": "page_view", "timestamp": "2026-04-10T10:00:00Z"}

                {"alias_kind": "cookie", "alias": "c-9", "event_type": "page_view", "timestamp": "2026-04-10T10:00:00Z"}\r
                {not json
                {"alias_kind": "cookie", "alias": "c-9", "event_type": "page_view", "timestamp": "2026-04-10T10:05:00Z"}
                """
            let imported = try await server.request(.post, "/import/events", key: server.appKey, body: body, contentType: "application/x-ndjson")
            #expect(imported.status == 202 && imported["accepted"] == .int(3) && imported["rejected"] == .int(1), "\(imported.body)")
            let rejection = imported["rejections"]?.arrayValue?.first
            #expect(rejection?["index"] == .int(2) && rejection?["line"] == .int(4) && rejection?["error"]?["code"] == .string("invalid_event"))
            let lead = try await server.eventually("/leads?alias_kind=cookie&alias=c-9") { $0["scores"]?["activity"] != nil }
            #expect(lead.status == 200)
            let dead = try await server.eventually("/api/v1/dead-letters") { $0["items"]?.arrayValue?.count == 1 }
            #expect(dead["items"]?.arrayValue?.first?["route"] == .string("/import/events"))
        }
    }

    @Test(arguments: Backend.all)
    func importEnvelopeErrors(backend: Backend) async throws {
        var configuration = try await testConfiguration(backend)
        configuration.importBodyLimit = 4 << 20
        try await withLiveServer(configuration) { server in
            #expect(try await server.request(.post, "/org-units/active", key: server.appKey, body: #"{"ouId": "unit_default"}"#).status == 200)
            let row = #"{"alias_kind": "cookie", "alias": "c", "event_type": "a", "timestamp": "2026-04-10T10:00:00Z"}"#
            let tooMany = String(repeating: row + "\n", count: 10_001)
            let over = try await server.request(.post, "/import/events", key: server.appKey, body: tooMany, contentType: "application/x-ndjson")
            #expect(over.status == 400 && over.errorCode == "invalid_body", "\(over.body.prefix(300))")
            let large = try await server.request(
                .post,
                "/import/events",
                key: server.appKey,
                body: String(repeating: " ", count: 5 << 20),
                contentType: "application/x-ndjson"
            )
            #expect(large.status == 413 && large.errorCode == "payload_too_large")
            for body in [#"{"events": []}"#, #"{"rows": []}"#, "[]", "{", ""] {
                let refused = try await server.request(.post, "/import/events", key: server.appKey, body: body)
                #expect(refused.status == 400 && refused.errorCode == "invalid_body", "\(body) \(refused.body)")
            }
            #expect(
                try await server.request(.post, "/import/events", key: server.appKey, body: "\n\n", contentType: "application/x-ndjson").errorCode
                    == "invalid_body"
            )
            #expect(
                try await server.request(.post, "/import/events", key: server.appKey, body: row, contentType: "text/plain").errorCode
                    == "unsupported_media_type"
            )
            #expect(try await server.request(.post, "/import/events", key: server.streamKey, body: row).errorCode == "forbidden")
            #expect(try await server.request(.post, "/import/events", body: row).errorCode == "invalid_key")

            // Rows beyond the monthly cap are rejected one by one; once it is reached, the import is 402.
            let (_, capped) = try await server.makeOrganization(slug: "capped", extra: #", "maxEventsPerMonth": 1"#)
            #expect(try await server.request(.post, "/org-units/active", key: capped, body: #"{"ouId": "unit_default"}"#).status == 200)
            let two = try await server.request(.post, "/import/events", key: capped, body: row + "\n" + row, contentType: "application/x-ndjson")
            #expect(
                two.status == 202 && two["accepted"] == .int(1) && two["rejections"]?.arrayValue?.first?["error"]?["code"] == .string("plan_limit")
            )
            let full = try await server.request(.post, "/import/events", key: capped, body: row, contentType: "application/x-ndjson")
            #expect(full.status == 402 && full.errorCode == "plan_limit")
        }
    }
}
