import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import Inlet

@Suite("POST /api/webhook/{stream}")
struct WebhookTests {
    /// Creates a stream through the admin API and returns its key.
    private func stream(_ server: LiveServer, _ name: String, itemKey: String? = nil) async throws -> String {
        let body = itemKey.map { #"{"name": "\#(name)", "itemKey": "\#($0)"}"# } ?? #"{"name": "\#(name)"}"#
        let created = try await server.request(.post, "/api/v1/admin/orgs/default/streams", key: adminToken, body: body)
        #expect(created.status == 201, "\(created.body)")
        return try #require(created["key"]?.stringValue)
    }

    private func results(_ reply: Reply) -> [String] {
        reply["items"]?.arrayValue?.map { "\($0["id"]?.stringValue ?? "?"):\($0["result"]?.stringValue ?? "?")" } ?? []
    }

    @Test(arguments: Backend.all)
    func theFirstStartsStreamTakesTheBannersCurlLineAsPrinted(backend: Backend) async throws {
        try await withLiveServer(backend) { server in
            let start = FirstStart(
                organization: Organization(
                    id: "org_1",
                    slug: "default",
                    name: "Default",
                    maxEventsPerMonth: nil,
                    keyRps: 60,
                    orgRps: 600,
                    createdAt: 0
                ),
                app: DeveloperApp(id: "app_1", organizationID: "org_1", slug: "default", name: "Default", eventTypes: ["*"], createdAt: 0),
                appKey: "wp_live_x",
                stream: DataStream(
                    id: "str_1",
                    organizationID: "org_1",
                    name: "default",
                    itemKey: nil,
                    key: StreamKey(id: "key_1", prefix: "p", hash: "h", createdAt: 0),
                    createdAt: 0
                ),
                streamKey: server.streamKey,
                adminToken: nil
            )
            let banner = start.banner(baseURL: "http://127.0.0.1:8080")
            let line = try #require(banner.split(separator: "\n").first { $0.contains("/api/webhook/default") })
            #expect(line.contains("-H 'X-Item-Key: region'") && line.contains(server.streamKey))
            let body = try #require(line.split(separator: "-d '").last?.dropLast())
            let reply = try await server.request(
                .post,
                "/api/webhook/default",
                key: server.streamKey,
                headers: ["X-Item-Key": "region"],
                body: String(body)
            )
            #expect(reply.status == 202 && results(reply) == ["North:created"], "\(reply.body)")
        }
    }

    @Test(arguments: Backend.all)
    func itemsAreUpsertedByKeyAndUnsentFieldsStay(backend: Backend) async throws {
        try await withLiveServer(backend) { server in
            let key = try await stream(server, "sales")
            func post(_ body: String, itemKey: String? = "region") async throws -> Reply {
                try await server.request(.post, "/api/webhook/sales", key: key, headers: itemKey.map { ["X-Item-Key": $0] } ?? [:], body: body)
            }
            let first = try await post(
                #"[{"region": "North", "sales": 142000, "target": 130000}, {"region": "South", "sales": 98000}, {"region": "East", "sales": 156000}]"#
            )
            #expect(first.status == 202, "\(first.body)")
            #expect(first["status"] == .string("accepted") && first["received"] == .int(3) && first["stored"] == .int(3))
            #expect(results(first) == ["North:created", "South:created", "East:created"])
            #expect(try await post(#"{"region": "North", "sales": 150000}"#).map(results) == ["North:updated"])
            // The target sent before is still there: sending it again changes nothing.
            #expect(try await post(#"{"region": "North", "target": 130000, "sales": 150000}"#).map(results) == ["North:unchanged"])
            #expect(try await post(#"{"region": "North", "target": 131000}"#).map(results) == ["North:updated"])
        }
    }

    @Test(arguments: Backend.all)
    func nestedObjectsAreFlattenedAndPositionsAreStableIds(backend: Backend) async throws {
        try await withLiveServer(backend) { server in
            let key = try await stream(server, "footfall")
            func post(_ body: String) async throws -> Reply {
                try await server.request(.post, "/api/webhook/footfall", key: key, body: body)
            }
            #expect(results(try await post(#"[{"location": {"city": "London"}, "n": 1}, {"n": 2}]"#)) == ["0:created", "1:created"])
            // The dotted name is the same field as the nested one.
            #expect(results(try await post(#"{"location.city": "London", "n": 1}"#)) == ["0:unchanged"])
            #expect(results(try await post(#"[{"n": 1}, {"n": 3}]"#)) == ["0:unchanged", "1:updated"])
            // Numbers are compared by value.
            #expect(results(try await post(#"{"n": 1.0}"#)) == ["0:unchanged"])
        }
    }

    @Test(arguments: Backend.all)
    func theStreamsItemKeyAppliesWithoutAHeaderAndMissingKeysAreListed(backend: Backend) async throws {
        try await withLiveServer(backend) { server in
            let key = try await stream(server, "builds", itemKey: "build.id")
            let mixed = try await server.request(
                .post,
                "/api/webhook/builds",
                key: key,
                body: #"[{"build": {"id": 41}, "status": "ok"}, {"status": "lost"}, {"build": {"id": true}}, {"build": {"": 1}}]"#
            )
            #expect(mixed.status == 202, "\(mixed.body)")
            #expect(results(mixed) == ["41:created"])
            let codes = mixed["rejections"]?.arrayValue?.map {
                "\($0["index"]?.doubleValue.map { Int($0) } ?? -1):\($0["error"]?["code"]?.stringValue ?? "")"
            }
            #expect(codes == ["1:missing_item_key", "2:invalid_item", "3:invalid_item"])
            let none = try await server.request(.post, "/api/webhook/builds", key: key, body: #"{"status": "lost"}"#)
            #expect(none.status == 422 && none.errorCode == "missing_item_key" && none["stored"] == .int(0), "\(none.body)")
            let twice = try await server.request(.post, "/api/webhook/builds", key: key, body: #"{"build.id": 1, "build": {"id": 2}}"#)
            #expect(twice.status == 422 && twice.errorCode == "invalid_item")
        }
    }

    @Test(arguments: Backend.all)
    func credentialsAndBodiesAreChecked(backend: Backend) async throws {
        try await withLiveServer(backend) { server in
            let sales = try await stream(server, "sales")
            _ = try await stream(server, "ops")
            let body = #"{"a": 1}"#
            #expect(try await server.request(.post, "/api/webhook/sales", body: body).errorCode == "invalid_key")
            #expect(
                try await server.request(.post, "/api/webhook/sales", key: "ik_live_" + String(repeating: "x", count: 40), body: body).errorCode
                    == "invalid_key"
            )
            #expect(try await server.request(.post, "/api/webhook/sales", key: server.appKey, body: body).errorCode == "forbidden")
            #expect(try await server.request(.post, "/api/webhook/sales", key: adminToken, body: body).errorCode == "forbidden")
            #expect(try await server.request(.post, "/api/webhook/ops", key: sales, body: body).errorCode == "forbidden")
            #expect(try await server.request(.post, "/api/webhook/nope", key: sales, body: body).errorCode == "not_found")
            for bad in ["[]", "5", #""text""#, "{", "[1,", #"[{"a": 1}, 5]"#, #"[{"a": 1}, null]"#, #"[{"a": 1}, [{"b": 2}]]"#] {
                let refused = try await server.request(.post, "/api/webhook/sales", key: sales, body: bad)
                #expect(refused.status == 400 && refused.errorCode == "invalid_body", "\(bad) \(refused.body)")
            }
            // A refused body stores nothing, not even its objects.
            #expect(try await server.request(.get, "/api/streams/sales/items", key: sales)["items"] == .array([]))
            for (user, password) in [(sales, ""), ("", sales), ("crm", sales), (sales, "x")] {
                let basic = "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()
                let sent = try await server.request(.post, "/api/webhook/sales", headers: ["Authorization": basic], body: body)
                #expect(sent.status == 202, "user '\(user.prefix(8))', password '\(password.prefix(8))'")
            }
            let big = #"{"blob": ""# + String(repeating: "x", count: 1 << 20) + #""}"#
            #expect(try await server.request(.post, "/api/webhook/sales", key: sales, body: big).errorCode == "payload_too_large")
            let text = try await server.request(.post, "/api/webhook/sales", key: sales, body: body, contentType: "text/plain")
            #expect(text.errorCode == "unsupported_media_type")
            #expect(try await server.request(.get, "/api/webhook/sales", key: sales).errorCode == "method_not_allowed")
        }
    }

    @Test(arguments: Backend.all)
    func anIdempotencyKeyReplaysTheAnswer(backend: Backend) async throws {
        try await withLiveServer(backend) { server in
            let key = try await stream(server, "sales")
            let headers = ["Idempotency-Key": "sale-north-20260406-1030", "X-Item-Key": "region"]
            let body = #"{"region": "North", "sales": 142000}"#
            let first = try await server.request(.post, "/api/webhook/sales", key: key, headers: headers, body: body)
            let again = try await server.request(.post, "/api/webhook/sales", key: key, headers: headers, body: body)
            #expect(first.status == 202 && again.status == 202)
            #expect(again.header("Idempotent-Replayed") == "true" && again.body == first.body)
            #expect(results(again) == ["North:created"])
            let reused = try await server.request(.post, "/api/webhook/sales", key: key, headers: headers, body: #"{"region": "South"}"#)
            #expect(reused.errorCode == "idempotency_key_reused")
        }
    }

    @Test(arguments: Backend.all)
    func concurrentUpsertsOfOneItemLoseNoField(backend: Backend) async throws {
        try await withLiveServer(backend) { server in
            let key = try await stream(server, "gauges")
            let port = try #require(server.client.port)
            await withTaskGroup(of: Void.self) { group in
                for field in 0..<20 {
                    group.addTask {
                        _ = try? await TestClient.withClient(host: "127.0.0.1", port: port) { connection in
                            try await connection.post(
                                "/api/webhook/gauges",
                                headers: [.authorization: "Bearer " + key, .contentType: "application/json", HTTPField.Name("X-Item-Key")!: "id"],
                                body: ByteBuffer(string: #"{"id": "x", "f\#(field)": \#(field)}"#)
                            )
                        }
                    }
                }
            }
            let every = (0..<20).map { #""f\#($0)": \#($0)"# }.joined(separator: ", ")
            let check = try await server.request(
                .post,
                "/api/webhook/gauges",
                key: key,
                headers: ["X-Item-Key": "id"],
                body: #"{"id": "x", \#(every)}"#
            )
            #expect(results(check) == ["x:unchanged"], "\(check.body)")
        }
    }
}

extension Reply {
    fileprivate func map<T>(_ transform: (Reply) -> T) -> T { transform(self) }
}
