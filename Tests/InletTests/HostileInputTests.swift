import Testing

@testable import Inlet

/// Bad input gets a clear 4xx with the envelope, never a crash or a 5xx, and the
/// server stays healthy.
@Suite("Hostile input")
struct HostileInputTests {
    @Test(arguments: Backend.all)
    func malformedBodiesAreClear4xx(backend: Backend) async throws {
        try await withLiveServer(backend) { server in
            let invalidUTF8: [UInt8] = Array(#"{"events": [{"eventType": "a", "category": ""#.utf8) + [0xC3, 0x28] + Array(#""}]}"#.utf8)
            let deepArrays = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
            let deepObjects = String(repeating: #"{"a":"#, count: 10_000) + "1" + String(repeating: "}", count: 10_000)
            let deepInEvent = batch(event(#""metadata": \#(deepObjects)"#))
            let bodies: [[UInt8]] = [
                [], Array("null".utf8), Array("\"events\"".utf8), Array("{\"events\": [".utf8), invalidUTF8,
                Array(deepArrays.utf8), Array(deepObjects.utf8), Array(deepInEvent.utf8), [0xFF, 0xFE, 0x00],
                Array(#"{"events": "\ud800"}"#.utf8),
            ]
            for body in bodies {
                let reply = try await server.request(.post, "/api/v1/ingest/events", key: server.appKey, bytes: body)
                #expect(reply.status == 400, "\(body.prefix(40))")
                #expect(reply.errorCode == "invalid_body")
            }
            #expect(try await server.request(.get, "/healthz").status == 200)
        }
    }

    @Test(arguments: Backend.all)
    func oversizedBodyIs413AndTheServerStaysUp(backend: Backend) async throws {
        try await withLiveServer(backend) { server in
            let limit = 5 << 20
            let filler = String(repeating: "x", count: limit + 1 - 20)
            let body = #"{"events": [], "x":"\#(filler)"}"#
            let reply = try await server.request(.post, "/api/v1/ingest/events", key: server.appKey, body: body)
            #expect(reply.status == 413 && reply.errorCode == "payload_too_large")
            #expect(try await server.request(.get, "/healthz").status == 200)
        }
    }

    @Test(arguments: Backend.all)
    func wrongTypesEverywhereAreRowErrors(backend: Backend) async throws {
        try await withLiveServer(backend) { server in
            let rows = [
                #"{"eventType": 5, "category": "c", "actor": {"email": "a@b.c"}}"#,
                #"{"eventType": "a", "category": ["c"], "actor": {"email": "a@b.c"}}"#,
                #"{"eventType": "a", "category": "c", "actor": "a@b.c"}"#,
                #"{"eventType": "a", "category": "c", "actor": {"email": 5}}"#,
                #"{"eventType": "a", "category": "c", "actor": {"email": "a@b.c"}, "timestamp": 1713528300}"#,
                #"{"eventType": "a", "category": "c", "actor": {"email": "a@b.c"}, "duration": "240"}"#,
                #"{"eventType": "a", "category": "c", "actor": {"email": "a@b.c"}, "metadata": []}"#,
                #"{"eventType": "a", "category": "c", "actor": {"email": "a@b.c"}, "id": 7}"#,
                #"{"eventType": "a", "category": "c", "actor": {"email": "a@b.c"}, "unknownField": true}"#,
                "null", "[]", "\"event\"",
            ]
            let reply = try await server.postEvents(#"{"events": [\#(rows.joined(separator: ","))]}"#)
            #expect(reply.status == 422)
            let codes = reply["results"]?.arrayValue?.compactMap { $0["error"]?["code"]?.stringValue }
            #expect(
                codes == [
                    "invalid_event", "invalid_event", "invalid_actor", "invalid_actor", "invalid_timestamp", "invalid_event",
                    "invalid_event", "invalid_event", "invalid_event", "invalid_event", "invalid_event", "invalid_event",
                ]
            )
        }
    }

    @Test(arguments: Backend.all)
    func hugeStringsAreRejectedNotStored(backend: Backend) async throws {
        try await withLiveServer(backend) { server in
            let huge = String(repeating: "z", count: 1 << 20)
            let reply = try await server.postEvents(
                batch(
                    event(type: huge),
                    #"{"eventType": "a", "category": "\#(huge)", "actor": {"email": "a@b.c"}}"#,
                    event(actor: #"{"externalId": "\#(huge)"}"#),
                    event(#""id": "\#(huge)""#)
                )
            )
            #expect(reply.status == 422)
            #expect(reply.body.count < 4096)
            let admin = try await server.request(.post, "/api/v1/admin/orgs", key: adminToken, body: #"{"name": "\#(huge.prefix(100_000))"}"#)
            #expect(admin.status == 400 && admin.errorCode == "invalid_body")
            #expect(try await server.request(.get, "/healthz").status == 200)
        }
    }

    @Test(arguments: Backend.all)
    func adminBodiesWithWrongTypesOrUnknownFields(backend: Backend) async throws {
        try await withLiveServer(backend) { server in
            for body in [
                #"{"name": 5}"#, #"{"name": "a", "keyRps": "fast"}"#, #"{"name": "a", "color": "red"}"#, #"{"name": "a", "slug": "Bad Slug"}"#, "[]",
            ] {
                let reply = try await server.request(.post, "/api/v1/admin/orgs", key: adminToken, body: body)
                #expect(reply.status == 400 && reply.errorCode == "invalid_body", "\(body)")
            }
            let badPattern = try await server.request(
                .post,
                "/api/v1/admin/orgs/default/apps",
                key: adminToken,
                body: #"{"slug": "x", "eventTypes": ["a b"]}"#
            )
            #expect(badPattern.status == 400)
        }
    }

    @Test(arguments: Backend.all)
    func badQueryParametersAreInvalidBody(backend: Backend) async throws {
        try await withLiveServer(backend) { server in
            for query in [
                "limit=0", "limit=abc", "limit=501", "from=yesterday", "to=2026", "cursor=zzz", "cursor=YzF8MXwy", "workerId=%00", "source=a%00b",
            ] {
                let reply = try await server.request(.get, "/api/v1/timeline?\(query)", key: server.appKey)
                #expect(reply.status == 400 && reply.errorCode == "invalid_body", "\(query) \(reply.body)")
            }
            let workers = try await server.request(.get, "/api/v1/workers?cursor=abc", key: server.appKey)
            #expect(workers.status == 400, "\(workers.body)")
            // Every route refuses U+0000 in its query, as the OpenAPI document says.
            for path in ["/healthz", "/api/v1/ingest/ping", "/api/streams/default/items/x", "/openapi.yaml"] {
                let reply = try await server.request(.get, "\(path)?q=%00", key: server.appKey)
                #expect(reply.status == 400 && reply.errorCode == "invalid_body", "\(path) \(reply.body)")
            }
        }
    }

    /// PostgreSQL text cannot hold U+0000: both stores refuse it where text is
    /// stored as it came, and keep it where it travels as escaped JSON.
    @Test(arguments: Backend.all)
    func nulIsRefusedInStoredTextAndKeptInMetadata(backend: Backend) async throws {
        try await withLiveServer(backend) { server in
            let reply = try await server.postEvents(
                batch(
                    #"{"eventType": "a", "category": "x\u0000y", "actor": {"email": "a@b.c"}}"#,
                    event(actor: #"{"externalId": "p\u0000"}"#),
                    event(#""id": "\u0000""#),
                    event(#""metadata": {"k": "v\u0000w"}"#)
                )
            )
            #expect(reply.status == 207, "\(reply.body)")
            let codes = reply["results"]?.arrayValue?.map { $0["error"]?["code"]?.stringValue ?? "accepted" }
            #expect(codes == ["invalid_event", "invalid_actor", "invalid_event", "accepted"])
            let timeline = try await server.request(.get, "/api/v1/timeline", key: server.appKey)
            #expect(timeline["items"]?.arrayValue?.first?["metadata"]?["k"] == .string("v\u{0}w"))
            let organization = try await server.request(.post, "/api/v1/admin/orgs", key: adminToken, body: #"{"name": "a\u0000"}"#)
            #expect(organization.status == 400 && organization.errorCode == "invalid_body", "\(organization.body)")
        }
    }
}
