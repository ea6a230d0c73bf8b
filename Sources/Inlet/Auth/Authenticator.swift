import Crypto
import Foundation
import Synchronization

/// Verifies presented credentials against their bcrypt hashes at most once per
/// cache period. The cache is keyed by a SHA-256 of the presented secret, never
/// the secret itself; concurrent requests with the same secret share one
/// verification. A secret that matched a hash once is matched to the same hash
/// again without bcrypt, so a key in use keeps working, revocation still checked
/// each period, while a flood of bad credentials holds the bcrypt work.
final class Authenticator: Sendable {
    private struct Entry {
        var principal: Principal?
        var keyID: String?
        var expiresAt: Int64
    }

    private let store: any TenancyStore
    private let hasher: any SecretHasher
    private let clock: any InletClock
    private let cachePeriod: Int64
    private let configuredAdminToken: [UInt8]?
    private let cache = Mutex<[[UInt8]: Entry]>([:])
    private let verifications = Mutex<[[UInt8]: Task<Entry, any Error>]>([:])
    /// The stored hash each secret (by digest) matched.
    private let matched = Mutex<[[UInt8]: String]>([:])

    /// - Parameters:
    ///   - cachePeriodMillis: how long a verification holds; a revocation on another instance takes effect within it.
    ///   - adminToken: a token accepted besides the stored ones (`INLET_ADMIN_TOKEN`).
    init(store: any TenancyStore, hasher: any SecretHasher, clock: any InletClock, cachePeriodMillis: Int64, adminToken: String?) {
        self.store = store
        self.hasher = hasher
        self.clock = clock
        self.cachePeriod = cachePeriodMillis
        self.configuredAdminToken = adminToken.map(Self.digest)
    }

    /// The principal of an `Authorization` header value; throws `invalid_key`.
    func authenticate(authorization: String?) async throws -> Principal {
        guard let secret = authorization.flatMap(Self.secret(fromAuthorization:)) else { throw InletError.invalidKey }
        let digest = Self.digest(secret)
        if digest == configuredAdminToken { return .admin }
        let now = clock.nowMillis()
        if let entry = cache.withLock({ $0[digest] }), entry.expiresAt > now {
            guard let principal = entry.principal else { throw InletError.invalidKey }
            return principal
        }
        let task = verifications.withLock { running in
            if let task = running[digest] { return task }
            let task = Task { try await self.verify(secret) }
            running[digest] = task
            return task
        }
        let entry: Entry
        do {
            entry = try await task.value
        } catch {
            verifications.withLock { $0[digest] = nil }
            throw error
        }
        verifications.withLock { $0[digest] = nil }
        cache.withLock { cache in
            if cache.count > 10_000 { cache = cache.filter { $0.value.expiresAt > now } }
            cache[digest] = entry
        }
        guard let principal = entry.principal else { throw InletError.invalidKey }
        return principal
    }

    /// Forgets the cached verification of a key, so its revocation holds at once.
    func forget(keyID: String) {
        cache.withLock { cache in cache = cache.filter { $0.value.keyID != keyID } }
    }

    /// Forgets every cached verification, so changed plans and whitelists apply at once.
    func forgetAll() {
        cache.withLock { $0.removeAll() }
    }

    private static func digest(_ secret: String) -> [UInt8] {
        Array(SHA256.hash(data: Array(secret.utf8)))
    }

    /// Whether `secret` matches `hash`: bcrypt, unless it matched that hash before.
    private func matches(_ secret: String, hash: String) async throws -> Bool {
        let digest = Self.digest(secret)
        if matched.withLock({ $0[digest] }) == hash { return true }
        guard try await hasher.verify(secret, hash: hash) else { return false }
        matched.withLock { matched in
            if matched.count >= 10_000 { matched.removeAll() }
            matched[digest] = hash
        }
        return true
    }

    private func verify(_ secret: String) async throws -> Entry {
        let expiresAt = clock.nowMillis() + cachePeriod
        if let prefix = Secret.lookupPrefix(of: secret, kindPrefix: Secret.appKeyPrefix) {
            for key in try await store.keyCandidates(prefix: prefix) {
                guard try await matches(secret, hash: key.hash) else { continue }
                guard let organization = try await store.organization(key.organizationID),
                    let app = try await store.app(key.appID, organizationID: key.organizationID)
                else { break }
                try await store.markKeyUsed(key.id, organizationID: key.organizationID, at: clock.nowMillis())
                let principal = AppPrincipal(
                    organization: organization,
                    app: app,
                    keyID: key.id,
                    unitID: key.unitID,
                    activeUnitID: key.activeUnitID
                )
                return Entry(principal: .app(principal), keyID: key.id, expiresAt: expiresAt)
            }
        } else if let prefix = Secret.lookupPrefix(of: secret, kindPrefix: Secret.streamKeyPrefix) {
            for stream in try await store.streamKeyCandidates(prefix: prefix) {
                guard try await matches(secret, hash: stream.key.hash) else { continue }
                guard let organization = try await store.organization(stream.organizationID) else { break }
                return Entry(
                    principal: .stream(StreamPrincipal(organization: organization, stream: stream)),
                    keyID: stream.key.id,
                    expiresAt: expiresAt
                )
            }
        } else if let prefix = Secret.lookupPrefix(of: secret, kindPrefix: Secret.adminTokenPrefix) {
            for token in try await store.adminTokenCandidates(prefix: prefix) {
                guard try await matches(secret, hash: token.hash) else { continue }
                return Entry(principal: .admin, keyID: token.id, expiresAt: expiresAt)
            }
        }
        return Entry(principal: nil, keyID: nil, expiresAt: expiresAt)
    }

    /// The secret in `Bearer <secret>` or `Basic base64(user:password)`, where the
    /// secret is the user (empty password) or the password (empty user); with
    /// both, the one shaped like a key Inlet issues (the password if both are).
    static func secret(fromAuthorization header: String) -> String? {
        let bearer = header.dropFirst(7)
        if header.hasPrefix("Bearer "), let first = bearer.first, first != " ", !header.hasSuffix(" ") {
            return String(bearer)
        }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2 else { return nil }
        let scheme = parts[0].lowercased()
        let value = parts[1].trimmingCharacters(in: .whitespaces)
        switch scheme {
        case "bearer":
            return value.isEmpty ? nil : value
        case "basic":
            guard let data = Data(base64Encoded: value), let decoded = String(data: data, encoding: .utf8),
                let colon = decoded.firstIndex(of: ":")
            else { return nil }
            let user = String(decoded[..<colon])
            let password = String(decoded[decoded.index(after: colon)...])
            if password.isEmpty { return user.isEmpty ? nil : user }
            return user.isEmpty || Secret.isIssued(password) || !Secret.isIssued(user) ? password : user
        default:
            return nil
        }
    }
}
