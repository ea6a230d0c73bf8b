import HummingbirdBcrypt

/// Hashes and verifies secrets (app keys, admin tokens); injected so tests can
/// use a cheaper cost.
public protocol SecretHasher: Sendable {
    /// A salted hash of `secret`.
    func hash(_ secret: String) -> String
    /// Whether `secret` matches `hash`.
    func verify(_ secret: String, hash: String) -> Bool
}

/// bcrypt with a fixed cost.
public struct BcryptHasher: SecretHasher {
    /// The cost the product uses; keys are never stored with less.
    public static let productionCost: UInt8 = 10

    public let cost: UInt8

    public init(cost: UInt8 = productionCost) {
        self.cost = cost
    }

    public func hash(_ secret: String) -> String {
        Bcrypt.hash(secret, cost: cost)
    }

    public func verify(_ secret: String, hash: String) -> Bool {
        Bcrypt.verify(secret, hash: hash)
    }
}
