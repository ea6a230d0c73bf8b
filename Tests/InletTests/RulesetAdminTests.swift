import Testing

@testable import Inlet

@Suite("Lead scoring: the rulesets admin API")
struct RulesetAdminTests {
    private static let path = "/api/v1/admin/orgs/default/rulesets"

    @Test(arguments: Backend.all)
    func rulesetsAreCreatedListedChangedAndDeactivated(backend: Backend) async throws {
        try await withLiveServer(backend) { server in
            let body = #"""
                {"name": "mql", "unit": "unit_default", "active": true, "windowDays": 30,
                 "rules": [{"eventType": "page_view", "points": 5, "where": {"metadata.path": "/pricing"}}, {"eventType": "demo.*", "points": 20}],
                 "milestones": [{"name": "warm", "threshold": 25}],
                 "sequences": [{"name": "buyer", "steps": ["page_view", "demo.booked"], "withinSeconds": 86400}]}
                """#
            let created = try await server.request(.post, Self.path, key: adminToken, body: body)
            #expect(created.status == 201, "\(created.body)")
            #expect(
                created["id"]?.stringValue?.hasPrefix("rs_") == true && created["name"] == .string("mql")
                    && created["unit"] == .string("unit_default")
            )
            #expect(created["rules"]?.arrayValue?.first?["where"]?["metadata.path"] == .string("/pricing"))
            #expect(created["sequences"]?.arrayValue?.first?["withinSeconds"] == .number("86400"))

            // The built-in ruleset comes with the organization, first.
            let listed = try await server.request(.get, Self.path, key: adminToken)
            let items = try #require(listed["items"]?.arrayValue)
            #expect(items.compactMap { $0["name"]?.stringValue } == ["activity", "mql"] && listed["nextCursor"] == .null)
            #expect(items[0]["id"] == .string("rs_activity") && items[0]["windowDays"] == .number("7") && items[0]["unit"] == .null)
            #expect(items[1] == created.json)

            let changed = try await server.request(
                .patch,
                Self.path + "/mql",
                key: adminToken,
                body: #"{"active": false, "windowDays": null, "milestones": []}"#
            )
            #expect(changed.status == 200, "\(changed.body)")
            #expect(changed["active"] == .bool(false) && changed["windowDays"] == .null && changed["milestones"] == .array([]))
            #expect(changed["rules"] == created["rules"] && changed["unit"] == .string("unit_default"))
            let shown = try await server.request(.get, Self.path + "/" + (created["id"]?.stringValue ?? ""), key: adminToken)
            #expect(shown.status == 200 && shown.json == changed.json)

            // The built-in ruleset is edited by name, and keeps scoring every unit.
            let activity = try await server.request(
                .patch,
                Self.path + "/activity",
                key: adminToken,
                body: #"{"rules": [{"eventType": "*", "points": 2}], "windowDays": 14}"#
            )
            #expect(activity.status == 200 && activity["windowDays"] == .number("14"), "\(activity.body)")
            let unitForActivity = try await server.request(.patch, Self.path + "/activity", key: adminToken, body: #"{"unit": "unit_default"}"#)
            #expect(unitForActivity.errorCode == "invalid_body")
        }
    }

    @Test(arguments: Backend.all)
    func rulesetErrors(backend: Backend) async throws {
        try await withLiveServer(backend) { server in
            #expect(try await server.request(.post, Self.path, key: adminToken, body: #"{"name": "leads"}"#).status == 201)
            let duplicate = try await server.request(.post, Self.path, key: adminToken, body: #"{"name": "leads"}"#)
            #expect(duplicate.status == 409 && duplicate.errorCode == "already_exists")
            #expect(try await server.request(.post, Self.path, key: adminToken, body: #"{"name": "activity"}"#).errorCode == "already_exists")
            for body in [
                #"{}"#, #"{"name": ""}"#, #"{"name": "a", "color": 1}"#, #"{"name": "a", "active": "yes"}"#, #"{"name": "a", "windowDays": 0}"#,
                #"{"name": "a", "rules": {}}"#, #"{"name": "a", "rules": [{"eventType": "a b", "points": 1}]}"#,
                #"{"name": "a", "rules": [{"eventType": "x", "points": 1.5}]}"#, #"{"name": "a", "rules": [{"eventType": "x"}]}"#,
                #"{"name": "a", "rules": [{"eventType": "x", "points": 1, "where": {"path": 1}}]}"#,
                #"{"name": "a", "rules": [{"eventType": "x", "points": 1, "where": {"metadata.a": [1]}}]}"#,
                #"{"name": "a", "milestones": [{"name": "m", "threshold": 1}, {"name": "m", "threshold": 2}]}"#,
                #"{"name": "a", "sequences": [{"name": "s", "steps": [], "withinSeconds": 60}]}"#,
                #"{"name": "a", "sequences": [{"name": "s", "steps": ["x"], "withinSeconds": 0}]}"#,
            ] {
                let refused = try await server.request(.post, Self.path, key: adminToken, body: body)
                #expect(refused.status == 400 && refused.errorCode == "invalid_body", "\(body) \(refused.body)")
            }
            #expect(
                try await server.request(.post, Self.path, key: adminToken, body: #"{"name": "a", "unit": "unit_nope"}"#).errorCode == "not_found"
            )
            #expect(try await server.request(.patch, Self.path + "/nope", key: adminToken, body: #"{"active": false}"#).errorCode == "not_found")
            #expect(try await server.request(.patch, Self.path + "/leads", key: adminToken, body: #"{"name": "b"}"#).errorCode == "invalid_body")
            #expect(try await server.request(.get, "/api/v1/admin/orgs/nope/rulesets", key: adminToken).errorCode == "not_found")
            #expect(try await server.request(.get, Self.path, key: server.appKey).errorCode == "forbidden")
            #expect(try await server.request(.get, Self.path).errorCode == "invalid_key")
            // Another organization has its own built-in ruleset, and may reuse a name.
            _ = try await server.makeOrganization(slug: "acme")
            let acme = try await server.request(.get, "/api/v1/admin/orgs/acme/rulesets", key: adminToken)
            #expect(acme["items"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["activity"])
            #expect(try await server.request(.post, "/api/v1/admin/orgs/acme/rulesets", key: adminToken, body: #"{"name": "leads"}"#).status == 201)
        }
    }
}
