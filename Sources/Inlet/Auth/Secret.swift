/// The secrets Inlet issues: a kind prefix followed by random base62 characters.
enum Secret {
    /// The prefix of app keys.
    static let appKeyPrefix = "wp_live_"
    /// The prefix of stream ingest keys.
    static let streamKeyPrefix = "ik_live_"
    /// The prefix of generated admin tokens.
    static let adminTokenPrefix = "inl_admin_"
    /// Random characters after the prefix.
    static let randomLength = 40
    /// Characters of the random part kept as the lookup prefix.
    static let lookupLength = 8

    private static let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")

    /// A new secret with `prefix`.
    static func generate(prefix: String) -> String {
        var generator = SystemRandomNumberGenerator()
        return prefix + String((0..<randomLength).map { _ in alphabet.randomElement(using: &generator)! })
    }

    /// Whether `text` has the shape of a secret Inlet issues, of any kind.
    static func isIssued(_ text: String) -> Bool {
        [appKeyPrefix, streamKeyPrefix, adminTokenPrefix].contains { lookupPrefix(of: text, kindPrefix: $0) != nil }
    }

    /// The part of a secret stored in clear to find its hash: the kind prefix and
    /// the first random characters.
    static func lookupPrefix(of secret: String, kindPrefix: String) -> String? {
        guard secret.hasPrefix(kindPrefix) else { return nil }
        let random = secret.dropFirst(kindPrefix.count)
        guard random.count >= 32, random.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else { return nil }
        return kindPrefix + random.prefix(lookupLength)
    }
}
