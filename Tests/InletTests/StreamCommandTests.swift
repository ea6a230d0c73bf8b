import Crypto
import Foundation
import Testing

@testable import Inlet

extension DurabilityTests {
    /// `inlet stream update` sets and clears a stream's signature on the store a
    /// stopped server leaves, and the server started again takes or refuses
    /// requests signed with it.
    @Test func theCLISetsAndClearsAStreamsSignature() async throws {
        let path = try await Backend.sqlite.freshDatabase()
        try await MultiInstanceTests.stop(try await InletProcess(database: path, adminToken: Self.token))
        let stream = ["default", "--database", path.argument, "--org", "default"]

        #expect(try Self.runCLI(["stream", "update"] + stream).0 != 0)
        let (unknown, refusal) = try Self.runCLI(["stream", "update", "--signature-scheme", "svix", "--signature-secret", "long enough"] + stream)
        #expect(unknown != 0 && refusal.contains("--signature-scheme"), "\(refusal)")
        var printed = ""
        let set = try Self.runCLI(["stream", "update", "--signature-scheme", "github", "--signature-secret", "long enough"] + stream) { printed = $0 }
        #expect(set.0 == 0, "\(set.1)")
        #expect(printed.contains(#""scheme":"github""#) && !printed.contains("long enough"), "\(printed)")

        let body = #"{"id": "1"}"#
        let mac = HMAC<SHA256>.authenticationCode(for: Array(body.utf8), using: SymmetricKey(data: Array("long enough".utf8)))
        let signed = ["X-Hub-Signature-256": "sha256=" + mac.map { String(format: "%02x", $0) }.joined(), "X-GitHub-Delivery": "d-1"]
        let server = try await InletProcess(database: path, adminToken: Self.token)
        #expect(
            try await MultiInstanceTests.send(.post, "/api/webhook/default", port: server.port, key: "", headers: signed, body: body).status == 202
        )
        try await MultiInstanceTests.stop(server)

        #expect(try Self.runCLI(["stream", "update", "--no-signature"] + stream).0 == 0)
        let restarted = try await InletProcess(database: path, adminToken: Self.token)
        let refused = try await MultiInstanceTests.send(.post, "/api/webhook/default", port: restarted.port, key: "", headers: signed, body: body)
        #expect(refused.status == 401 && refused.json["error"]?["code"] == .string("invalid_key"), "\(refused.text)")
        try await MultiInstanceTests.stop(restarted)
    }
}
