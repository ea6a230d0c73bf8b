import Testing

@testable import Inlet

@Suite("GET /api/streams/{stream}/items")
struct StreamReadTests {
    private func stream(_ server: LiveServer, _ name: String) async throws -> String {
        let created = try await server.request(
            .post,
            "/api/v1/admin/orgs/default/streams",
            key: adminToken,
            body: #"{"name": "\#(name)", "itemKey": "region"}"#
        )
        #expect(created.status == 201, "\(created.body)")
        return try #require(created["key"]?.stringValue)
    }

    private func ids(_ reply: Reply) -> [String] {
        reply["items"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
    }

    @Test(arguments: Backend.all)
    func itemsArePagedInCreationOrderAndFilteredByTypedValues(backend: Backend) async throws {
        try await withLiveServer(backend) { server in
            let key = try await stream(server, "sales")
            let posted = try await server.request(
                .post,
                "/api/webhook/sales",
                key: key,
                body: #"""
                    [{"region": "North", "sales": 142000, "code": "007", "open": true, "geo": {"city": "York"}},
                     {"region": "South", "sales": 98000, "code": 7, "open": false},
                     {"region": "East", "sales": 142000.0, "code": 7.0, "open": true, "geo": {"city": "Ely"}},
                     {"region": "North America", "sales": "142000", "tags": [1, 2]}]
                    """#
            )
            #expect(posted.status == 202, "\(posted.body)")
            let path = "/api/streams/sales/items"
            var seen: [String] = []
            var cursor: String?
            repeat {
                let page = try await server.request(.get, path + "?limit=3" + (cursor.map { "&cursor=" + $0 } ?? ""), key: key)
                #expect(page.status == 200, "\(page.body)")
                seen += ids(page)
                cursor = page["nextCursor"]?.stringValue
            } while cursor != nil
            #expect(seen == ["North", "South", "East", "North America"])

            func filtered(_ query: String) async throws -> [String] {
                ids(try await server.request(.get, path + "?" + query, key: key))
            }
            #expect(try await filtered("where.sales=142000") == ["North", "East"])
            #expect(try await filtered("where.sales=%22142000%22") == ["North America"])
            #expect(try await filtered("where.code=7") == ["South", "East"])
            // 007 is not a JSON number: it is the string as written.
            #expect(try await filtered("where.code=007") == ["North"])
            #expect(try await filtered("where.code=%22007%22") == ["North"])
            #expect(try await filtered("where.open=true&where.geo.city=Ely") == ["East"])
            #expect(try await filtered("where.region=North%20America") == ["North America"])
            #expect(try await filtered("where.missing=1").isEmpty)
            #expect(try await filtered("where.sales=142000&limit=1").count == 1)

            let one = try await server.request(.get, path + "/North%20America", key: key)
            #expect(one.status == 200 && one["fields"]?["tags"] == .array([.number("1"), .number("2")]), "\(one.body)")
            let york = try await server.request(.get, path + "/North", key: key)
            #expect(york["fields"]?["geo.city"] == .string("York") && york["createdAt"]?.stringValue != nil)
            #expect(try await server.request(.get, path + "/West", key: key).errorCode == "not_found")
        }
    }

    @Test(arguments: Backend.all)
    func aWriteIsReadableAsSoonAsItIsAcknowledged(backend: Backend) async throws {
        try await withLiveServer(backend) { server in
            let key = try await stream(server, "live")
            for round in 0..<20 {
                let posted = try await server.request(.post, "/api/webhook/live", key: key, body: #"{"region": "r\#(round)", "n": \#(round)}"#)
                #expect(posted.status == 202)
                let read = try await server.request(.get, "/api/streams/live/items/r\(round)", key: key)
                #expect(read.status == 200 && read["fields"]?["n"] == .number("\(round)"))
            }
        }
    }

    @Test(arguments: Backend.all)
    func readsTakeTheStreamKeyAnAppKeyOfItsOrganizationOrTheAdminToken(backend: Backend) async throws {
        try await withLiveServer(backend) { server in
            let sales = try await stream(server, "sales")
            let ops = try await stream(server, "ops")
            #expect(try await server.request(.post, "/api/webhook/sales", key: sales, body: #"{"region": "North"}"#).status == 202)
            let path = "/api/streams/sales/items"
            #expect(ids(try await server.request(.get, path, key: sales)) == ["North"])
            #expect(ids(try await server.request(.get, path, key: server.appKey)) == ["North"])
            // An app key reads its own organization only, here as on the timeline.
            #expect(ids(try await server.request(.get, path + "?org=default", key: server.appKey)) == ["North"])
            #expect(try await server.request(.get, path + "?org=acme", key: server.appKey).errorCode == "forbidden")
            #expect(ids(try await server.request(.get, path + "?org=default", key: adminToken)) == ["North"])
            #expect(try await server.request(.get, path, key: adminToken).errorCode == "invalid_body")
            #expect(try await server.request(.get, path, key: ops).errorCode == "forbidden")
            #expect(try await server.request(.get, path).errorCode == "invalid_key")
            #expect(try await server.request(.get, "/api/streams/nope/items", key: sales).errorCode == "not_found")
            #expect(try await server.request(.get, "/api/streams/nope/items", key: server.appKey).errorCode == "not_found")
            // Another organization's app key does not see the stream.
            let (_, other) = try await server.makeOrganization(slug: "acme")
            #expect(try await server.request(.get, path, key: other).errorCode == "not_found")
            for query in ["limit=0", "cursor=zzz", "where.=1"] {
                #expect(try await server.request(.get, path + "?" + query, key: sales).errorCode == "invalid_body", "\(query)")
            }
        }
    }
}
