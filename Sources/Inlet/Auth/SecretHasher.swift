import HummingbirdBcrypt
import NIOPosix

/// Hashes and verifies secrets (app keys, admin tokens); injected so tests can
/// use a cheaper cost.
public protocol SecretHasher: Sendable {
    /// A salted hash of `secret`.
    func hash(_ secret: String) async throws -> String
    /// Whether `secret` matches `hash`.
    func verify(_ secret: String, hash: String) async throws -> Bool
}

/// bcrypt with a fixed cost. Each hash takes tens of milliseconds of CPU, so
/// it runs on NIO's thread pool: the cooperative threads that serve requests
/// and live streams are never held by it.
public struct BcryptHasher: SecretHasher {
    /// The cost the product uses; keys are never stored with less.
    public static let productionCost: UInt8 = 10

    public let cost: UInt8

    public init(cost: UInt8 = productionCost) {
        self.cost = cost
    }

    public func hash(_ secret: String) async throws -> String {
        try await NIOThreadPool.singleton.runIfActive { [cost] in Bcrypt.hash(secret, cost: cost) }
    }

    public func verify(_ secret: String, hash: String) async throws -> Bool {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(secret, hash: hash) }
    }
}
