import Testing

@testable import Inlet

@Suite("Webhook streams: the admin API")
struct StreamAdminTests {
    @Test(arguments: Backend.all)
    func streamsAreCreatedListedRotatedAndDeleted(backend: Backend) async throws {
        try await withLiveServer(backend) { server in
            let path = "/api/v1/admin/orgs/default/streams"
            let created = try await server.request(.post, path, key: adminToken, body: #"{"name": "sales", "itemKey": "region"}"#)
            #expect(created.status == 201, "\(created.body)")
            #expect(created["name"] == .string("sales") && created["itemKey"] == .string("region"))
            let key = try #require(created["key"]?.stringValue)
            #expect(key.hasPrefix("ik_live_") && key.count >= 40)
            #expect(created["id"]?.stringValue?.hasPrefix("str_") == true && created["keyId"]?.stringValue?.hasPrefix("key_") == true)

            // A stream key is a valid credential of the wrong kind on the v1 routes.
            #expect(try await server.request(.get, "/api/v1/ingest/ping", key: key).errorCode == "forbidden")
            #expect(try await server.request(.get, "/api/v1/timeline", key: key).errorCode == "forbidden")

            let listed = try await server.request(.get, path, key: adminToken)
            let items = try #require(listed["items"]?.arrayValue)
            // Stream `default` comes with the first start.
            #expect(items.compactMap { $0["name"]?.stringValue } == ["default", "sales"])
            #expect(items.allSatisfy { $0["key"] == nil } && items[1]["keyId"] == created["keyId"])
            #expect(!listed.body.contains(key))

            let rotated = try await server.request(.post, path + "/sales/rotate-key", key: adminToken)
            #expect(rotated.status == 200, "\(rotated.body)")
            let newKey = try #require(rotated["key"]?.stringValue)
            #expect(newKey != key && rotated["keyId"] != created["keyId"])
            #expect(try await server.request(.get, "/api/v1/ingest/ping", key: key).errorCode == "invalid_key")
            #expect(try await server.request(.get, "/api/v1/ingest/ping", key: newKey).errorCode == "forbidden")

            let deleted = try await server.request(.delete, path + "/sales", key: adminToken)
            #expect(deleted.status == 204)
            #expect(try await server.request(.get, "/api/v1/ingest/ping", key: newKey).errorCode == "invalid_key")
            #expect(try await server.request(.get, path, key: adminToken)["items"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["default"])
            #expect(try await server.request(.delete, path + "/sales", key: adminToken).errorCode == "not_found")
        }
    }

    @Test(arguments: Backend.all)
    func streamCreationErrors(backend: Backend) async throws {
        try await withLiveServer(backend) { server in
            let path = "/api/v1/admin/orgs/default/streams"
            #expect(try await server.request(.post, path, key: adminToken, body: #"{"name": "ci_builds"}"#).status == 201)
            let duplicate = try await server.request(.post, path, key: adminToken, body: #"{"name": "ci_builds"}"#)
            #expect(duplicate.status == 409 && duplicate.errorCode == "already_exists")
            for body in [#"{"name": "Sales"}"#, #"{"name": "-x"}"#, #"{}"#, #"{"name": "a", "itemKey": ""}"#, #"{"name": "a", "color": 1}"#] {
                let refused = try await server.request(.post, path, key: adminToken, body: body)
                #expect(refused.status == 400 && refused.errorCode == "invalid_body", "\(body) \(refused.body)")
            }
            #expect(
                try await server.request(.post, "/api/v1/admin/orgs/nope/streams", key: adminToken, body: #"{"name": "a"}"#).errorCode == "not_found"
            )
            #expect(try await server.request(.post, path, key: server.appKey, body: #"{"name": "a"}"#).errorCode == "forbidden")
            #expect(try await server.request(.post, path + "/nope/rotate-key", key: adminToken).errorCode == "not_found")
            // The same name in another organization is another stream.
            _ = try await server.makeOrganization(slug: "acme")
            #expect(
                try await server.request(.post, "/api/v1/admin/orgs/acme/streams", key: adminToken, body: #"{"name": "ci_builds"}"#).status == 201
            )
        }
    }
}
