import Crypto
import Foundation

/// Dashboard sessions as signed cookies: `s1.<expiry ms>.<nonce>.<HMAC>`,
/// signed with the session key, so that every instance holding the key
/// accepts them. Each session has its own CSRF token, the HMAC of its nonce,
/// which every form and script write sends back, and an id, the SHA-256 of its
/// nonce, under which signing out records it in the store for every instance.
struct DashboardSessions: Sendable {
    /// The session cookie's name.
    static let cookieName = "inlet_session"

    /// The signing key's bytes (a `SymmetricKey` is made from them per use: it is not `Sendable`).
    private let keyBytes: [UInt8]
    private let clock: any InletClock
    /// How long a session lasts, in milliseconds.
    let lifetimeMillis: Int64

    /// - Parameter secret: the shared signing secret; nil draws a random key.
    init(secret: String?, lifetime: Duration, clock: any InletClock) {
        keyBytes = secret.map { Array(SHA256.hash(data: Data($0.utf8))) } ?? SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }
        self.clock = clock
        lifetimeMillis = lifetime.components.seconds * 1000
    }

    /// A new session's cookie value.
    func issue() -> String {
        let nonce = Secret.generate(prefix: "")
        let payload = "s1.\(clock.nowMillis() + lifetimeMillis).\(nonce)"
        return payload + "." + mac(payload)
    }

    /// The session a cookie value holds, if it is signed by this key and unexpired.
    func session(from value: String?) -> DashboardSession? {
        guard let value else { return nil }
        let parts = value.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "s1", let expiry = Int64(parts[1]), expiry > clock.nowMillis() else { return nil }
        let payload = parts[0...2].joined(separator: ".")
        guard verify(String(parts[3]), of: payload) else { return nil }
        return DashboardSession(id: SHA256Hex.digest(Array(parts[2].utf8)), csrfToken: mac("csrf." + parts[2]), expiresAt: expiry)
    }

    /// Whether `token` is the CSRF token of `session`, compared in constant time.
    func isValidCSRFToken(_ token: String?, for session: DashboardSession) -> Bool {
        guard let token else { return false }
        let expected = Array(session.csrfToken.utf8)
        let given = Array(token.utf8)
        guard expected.count == given.count else { return false }
        return zip(expected, given).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }

    private func mac(_ text: String) -> String {
        Data(HMAC<SHA256>.authenticationCode(for: Data(text.utf8), using: SymmetricKey(data: keyBytes))).base64URL
    }

    private func verify(_ code: String, of text: String) -> Bool {
        guard let data = Data(base64URL: code) else { return false }
        return HMAC<SHA256>.isValidAuthenticationCode(data, authenticating: Data(text.utf8), using: SymmetricKey(data: keyBytes))
    }
}

/// A signed-in dashboard session.
struct DashboardSession: Sendable {
    /// The SHA-256 of the session's nonce: what the store keeps of a signed-out session.
    var id: String
    /// The token forms and script writes must send back.
    var csrfToken: String
    /// When the session ends, in milliseconds since the epoch.
    var expiresAt: Int64
}
