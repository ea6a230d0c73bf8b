import Crypto
import Foundation
import Testing

@testable import Inlet

/// Signed webhooks in (SPEC §14): a stream that checks signatures takes a
/// request without a key when it is signed the way its sender documents.
@Suite("POST /api/webhook/{stream}, signed")
struct SignedWebhookTests {
    /// The test clock's time, in seconds.
    private static let now = RFC3339.parse("2026-04-19T12:00:00Z")! / 1000
    private static let standardSecret = "whsec_" + Data((1...32).map { UInt8($0) }).base64EncodedString()

    /// A request signed as `scheme`'s sender signs it: its headers.
    private static func signed(
        _ scheme: StreamSignature.Scheme,
        secret: String,
        body: String,
        delivery: String,
        at timestamp: Int64 = now
    ) -> [String: String] {
        func mac(_ key: [UInt8], _ content: String) -> Data {
            Data(HMAC<SHA256>.authenticationCode(for: Array(content.utf8), using: SymmetricKey(data: key)))
        }
        func hex(_ data: Data) -> String { data.map { String(format: "%02x", $0) }.joined() }
        switch scheme {
        case .standardWebhooks:
            let key = Array(Data(base64Encoded: String(secret.dropFirst(6)))!)
            let signature = mac(key, "\(delivery).\(timestamp).\(body)").base64EncodedString()
            return ["webhook-id": delivery, "webhook-timestamp": "\(timestamp)", "webhook-signature": "v1,\(signature)"]
        case .github:
            return ["X-Hub-Signature-256": "sha256=" + hex(mac(Array(secret.utf8), body)), "X-GitHub-Delivery": delivery]
        case .stripe:
            return ["Stripe-Signature": "t=\(timestamp),v1=\(hex(mac(Array(secret.utf8), "\(timestamp).\(body)")))"]
        }
    }

    private static func secret(for scheme: StreamSignature.Scheme) -> String {
        switch scheme {
        case .standardWebhooks: standardSecret
        case .github: "It's a Secret to Everybody"
        case .stripe: "whsec_test_stripe_secret_0123456789"
        }
    }

    /// Creates a stream `name` in organization `org` that checks `scheme`; returns its key.
    private static func signedStream(
        _ server: LiveServer,
        _ name: String,
        _ scheme: StreamSignature.Scheme,
        secret: String,
        org: String = "default"
    ) async throws -> String {
        let created = try await server.request(
            .post,
            "/api/v1/admin/orgs/\(org)/streams",
            key: adminToken,
            body: #"{"name": "\#(name)", "itemKey": "id", "signature": {"scheme": "\#(scheme.rawValue)", "secret": "\#(secret)"}}"#
        )
        #expect(created.status == 201, "\(created.body)")
        #expect(created["signature"] == .object([("scheme", .string(scheme.rawValue))]))
        #expect(!created.body.contains(secret))
        return try #require(created["key"]?.stringValue)
    }

    private static func itemCount(_ server: LiveServer, _ stream: String, key: String) async throws -> Int {
        try await server.request(.get, "/api/streams/\(stream)/items", key: key)["items"]?.arrayValue?.count ?? -1
    }

    @Test(arguments: Backend.all, StreamSignature.Scheme.allCases)
    func aSignedRequestIsStoredOnceAndAWrongOneIsRefused(backend: Backend, scheme: StreamSignature.Scheme) async throws {
        try await withLiveServer(try await testConfiguration(backend)) { server in
            let secret = Self.secret(for: scheme)
            let key = try await Self.signedStream(server, "hooks", scheme, secret: secret)
            let body = #"{"id": "evt_1", "type": "push", "amount": 12}"#
            let headers = Self.signed(scheme, secret: secret, body: body, delivery: "evt_1")

            let first = try await server.request(.post, "/api/webhook/hooks", headers: headers, body: body)
            #expect(first.status == 202 && first["received"] == .int(1), "\(first.body)")
            #expect(first.header("Idempotent-Replayed") == nil)

            // The sender redelivers: the same id, signed again a minute later.
            let later = Self.signed(scheme, secret: secret, body: body, delivery: "evt_1", at: Self.now - 60)
            let again = try await server.request(.post, "/api/webhook/hooks", headers: later, body: body)
            #expect(again.status == 202 && again.header("Idempotent-Replayed") == "true", "\(again.body)")

            func refused(_ headers: [String: String], _ body: String) async throws -> String? {
                try await server.request(.post, "/api/webhook/hooks", headers: headers, body: body).errorCode
            }
            let wrongSecret = scheme == .standardWebhooks ? "whsec_" + Data(repeating: 7, count: 32).base64EncodedString() : "another secret!"
            #expect(try await refused(Self.signed(scheme, secret: wrongSecret, body: body, delivery: "evt_2"), body) == "invalid_signature")
            let tampered = #"{"id": "evt_1", "type": "push", "amount": 13}"#
            #expect(try await refused(headers, tampered) == "invalid_signature")
            #expect(try await refused([:], body) == "invalid_signature")
            if scheme != .github {
                let old = Self.signed(scheme, secret: secret, body: body, delivery: "evt_3", at: Self.now - 301)
                #expect(try await refused(old, body) == "invalid_signature")
                let ahead = Self.signed(scheme, secret: secret, body: body, delivery: "evt_3", at: Self.now + 301)
                #expect(try await refused(ahead, body) == "invalid_signature")
            }
            // An invalid key is no signature either; the stream's own key still works.
            let withBadKey = try await server.request(.post, "/api/webhook/hooks", key: "ik_live_nope", body: body)
            #expect(withBadKey.status == 401 && withBadKey.errorCode == "invalid_signature")
            let keyed = try await server.request(.post, "/api/webhook/hooks", key: key, body: #"{"id": "evt_9"}"#)
            #expect(keyed.status == 202, "\(keyed.body)")
            #expect(try await Self.itemCount(server, "hooks", key: key) == 2)
        }
    }

    @Test(arguments: Backend.all)
    func signedStreamsOfOneNameInTwoOrganizationsEachTakeTheirOwnSender(backend: Backend) async throws {
        try await withLiveServer(try await testConfiguration(backend)) { server in
            _ = try await server.makeOrganization(slug: "other")
            let ours = try await Self.signedStream(server, "github", .github, secret: "our secret 1")
            let theirs = try await Self.signedStream(server, "github", .github, secret: "their secret", org: "other")
            let body = #"{"id": "push-1"}"#
            let reply = try await server.request(
                .post,
                "/api/webhook/github",
                headers: Self.signed(.github, secret: "their secret", body: body, delivery: "d-1"),
                body: body
            )
            #expect(reply.status == 202, "\(reply.body)")
            #expect(try await Self.itemCount(server, "github", key: theirs) == 1)
            #expect(try await Self.itemCount(server, "github", key: ours) == 0)
        }
    }

    @Test(arguments: Backend.all)
    func aSignatureIsSetAndClearedByPatchAndMalformedOnesAreRefused(backend: Backend) async throws {
        try await withLiveServer(try await testConfiguration(backend)) { server in
            let path = "/api/v1/admin/orgs/default/streams/default"
            for bad in [
                #"{"signature": {"scheme": "svix", "secret": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"}}"#,
                #"{"signature": {"scheme": "github", "secret": "short"}}"#,
                #"{"signature": {"scheme": "github"}}"#,
                #"{"signature": {"scheme": "standard-webhooks", "secret": "not-whsec"}}"#,
                #"{"signature": {"scheme": "standard-webhooks", "secret": "whsec_c2hvcnQ="}}"#,
                #"{"signature": {"scheme": "github", "secret": "long enough", "extra": 1}}"#,
                #"{"signature": "github"}"#,
            ] {
                let reply = try await server.request(.patch, path, key: adminToken, body: bad)
                #expect(reply.status == 400 && reply.errorCode == "invalid_body", "\(bad): \(reply.body)")
            }
            let forbidden = try await server.request(
                .patch,
                path,
                key: server.appKey,
                body: #"{"signature": {"scheme": "github", "secret": "long enough"}}"#
            )
            #expect(forbidden.status == 403)

            let set = try await server.request(.patch, path, key: adminToken, body: #"{"signature": {"scheme": "github", "secret": "long enough"}}"#)
            #expect(set.status == 200 && set["signature"]?["scheme"] == .string("github"), "\(set.body)")
            #expect(!set.body.contains("long enough"))
            let listed = try await server.request(.get, "/api/v1/admin/orgs/default/streams", key: adminToken)
            #expect(listed.status == 200 && listed.body.contains("\"github\"") && !listed.body.contains("long enough"))
            let body = #"{"region": "North"}"#
            let headers = Self.signed(.github, secret: "long enough", body: body, delivery: "d-1")
            #expect(try await server.request(.post, "/api/webhook/default", headers: headers, body: body).status == 202)

            // Retention alone leaves the signature; null clears it, and the stream takes its key only.
            let retention = try await server.request(.patch, path, key: adminToken, body: #"{"retentionDays": 30}"#)
            #expect(retention["signature"]?["scheme"] == .string("github") && retention["retentionDays"] == .int(30))
            let cleared = try await server.request(.patch, path, key: adminToken, body: #"{"signature": null}"#)
            #expect(cleared.status == 200 && cleared["signature"] == .null && cleared["retentionDays"] == .int(30), "\(cleared.body)")
            let unsigned = try await server.request(.post, "/api/webhook/default", headers: headers, body: body)
            #expect(unsigned.status == 401 && unsigned.errorCode == "invalid_key", "\(unsigned.body)")
        }
    }
}
