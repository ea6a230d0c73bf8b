import Foundation
import NIOCore
import Testing

@testable import Inlet

/// Webhook endpoints (SPEC §14, out): the admin API and the check of targets.
@Suite("/api/v1/admin/orgs/{org}/webhooks")
struct WebhookEndpointTests {
    private static let path = "/api/v1/admin/orgs/default/webhooks"

    @Test(arguments: Backend.all)
    func anEndpointIsCreatedWithItsSecretOnceChangedRotatedAndDeleted(backend: Backend) async throws {
        try await withLiveServer(backend) { server in
            let created = try await server.request(
                .post,
                Self.path,
                key: adminToken,
                body: #"{"url": "http://127.0.0.1:9/hooks", "eventTypes": ["milestone.reached", "deploy.*"], "description": "CRM"}"#
            )
            #expect(created.status == 201, "\(created.body)")
            let id = try #require(created["id"]?.stringValue)
            #expect(id.hasPrefix("wh_") && created["active"] == .bool(true) && created["description"] == .string("CRM"))
            let secret = try #require(created["secret"]?.stringValue)
            #expect(secret.hasPrefix("whsec_") && Data(base64Encoded: String(secret.dropFirst(6)))?.count == 32)

            let listed = try await server.request(.get, Self.path, key: adminToken)
            #expect(listed["items"]?.arrayValue?.count == 1 && !listed.body.contains(secret), "\(listed.body)")
            #expect(listed["items"]?.arrayValue?.first?["eventTypes"] == .array([.string("milestone.reached"), .string("deploy.*")]))

            let changed = try await server.request(
                .patch,
                "\(Self.path)/\(id)",
                key: adminToken,
                body: #"{"active": false, "eventTypes": ["*"], "url": "http://127.0.0.1:10/"}"#
            )
            #expect(changed.status == 200 && changed["active"] == .bool(false) && changed["url"] == .string("http://127.0.0.1:10/"))
            #expect(changed["description"] == .string("CRM") && changed["secret"] == nil, "\(changed.body)")

            let rotated = try await server.request(.post, "\(Self.path)/\(id)/rotate-secret", key: adminToken)
            let newSecret = try #require(rotated["secret"]?.stringValue)
            #expect(rotated.status == 200 && newSecret.hasPrefix("whsec_") && newSecret != secret)

            #expect(try await server.request(.delete, "\(Self.path)/\(id)", key: adminToken).status == 204)
            #expect(try await server.request(.delete, "\(Self.path)/\(id)", key: adminToken).errorCode == "not_found")
            #expect(try await server.request(.patch, "\(Self.path)/\(id)", key: adminToken, body: #"{"active": true}"#).status == 404)
        }
    }

    @Test(arguments: Backend.all)
    func badEndpointsAndCredentialsAreRefusedWithTheEnvelope(backend: Backend) async throws {
        try await withLiveServer(backend) { server in
            for body in [
                #"{"eventTypes": ["*"]}"#,
                #"{"url": "http://127.0.0.1/"}"#,
                #"{"url": "ftp://127.0.0.1/", "eventTypes": ["*"]}"#,
                #"{"url": "http://user:pw@127.0.0.1/", "eventTypes": ["*"]}"#,
                #"{"url": "not a url", "eventTypes": ["*"]}"#,
                #"{"url": "http://127.0.0.1/", "eventTypes": []}"#,
                #"{"url": "http://127.0.0.1/", "eventTypes": ["a b"]}"#,
                #"{"url": "http://127.0.0.1/", "eventTypes": ["*"], "secret": "whsec_x"}"#,
                #"{"url": "http://nothing.invalid/", "eventTypes": ["*"]}"#,
            ] {
                let reply = try await server.request(.post, Self.path, key: adminToken, body: body)
                #expect(reply.status == 400 && reply.errorCode == "invalid_body", "\(body): \(reply.body)")
            }
            let body = #"{"url": "http://127.0.0.1/", "eventTypes": ["*"]}"#
            #expect(try await server.request(.post, Self.path, body: body).errorCode == "invalid_key")
            #expect(try await server.request(.post, Self.path, key: server.appKey, body: body).errorCode == "forbidden")
            #expect(try await server.request(.post, "/api/v1/admin/orgs/nope/webhooks", key: adminToken, body: body).errorCode == "not_found")
            #expect(try await server.request(.get, Self.path, key: adminToken)["items"] == .array([]))
        }
    }

    @Test func privateTargetsAreRefusedUnlessAllowed() async throws {
        var configuration = try await testConfiguration(.sqlite)
        configuration.webhooksAllowPrivate = false
        try await withLiveServer(configuration) { server in
            for url in [
                "http://127.0.0.1:8080/", "http://localhost/", "http://[::1]/", "http://169.254.169.254/latest/meta-data",
                "http://10.1.2.3/", "http://192.168.0.10/", "http://[fd00::1]/", "http://[::ffff:127.0.0.1]/", "http://0.0.0.0/",
            ] {
                let reply = try await server.request(.post, Self.path, key: adminToken, body: #"{"url": "\#(url)", "eventTypes": ["*"]}"#)
                #expect(reply.status == 400 && reply.body.contains("--webhooks-allow-private"), "\(url): \(reply.body)")
            }
            let reachable = try await server.request(
                .post,
                Self.path,
                key: adminToken,
                body: #"{"url": "https://93.184.215.14/hook", "eventTypes": ["*"]}"#
            )
            #expect(reachable.status == 201, "\(reachable.body)")
            let id = try #require(reachable["id"]?.stringValue)
            let moved = try await server.request(.patch, "\(Self.path)/\(id)", key: adminToken, body: #"{"url": "http://127.0.0.1/"}"#)
            #expect(moved.status == 400)
        }
    }

    @Test func addressesAreClassifiedPublicOrNot() throws {
        func isPublic(_ ip: String) throws -> Bool { WebhookTargetPolicy.isPublic(try SocketAddress(ipAddress: ip, port: 0)) }
        for ip in ["8.8.8.8", "93.184.215.14", "172.32.0.1", "100.128.0.1", "2001:4860:4860::8888", "::ffff:8.8.8.8"] {
            #expect(try isPublic(ip), "\(ip)")
        }
        for ip in [
            "0.0.0.0", "10.0.0.1", "100.64.0.1", "127.0.0.1", "169.254.169.254", "172.16.0.1", "172.31.255.255", "192.168.1.1",
            "192.0.0.1", "198.18.0.1", "224.0.0.1", "255.255.255.255", "::", "::1", "fc00::1", "fd12::1", "fe80::1", "ff02::1",
            "::ffff:10.0.0.1", "64:ff9b::7f00:1",
        ] {
            #expect(try !isPublic(ip), "\(ip)")
        }
    }
}
