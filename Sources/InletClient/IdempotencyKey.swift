import Crypto

/// Idempotency keys the client makes: one per logical call, and one per chunk
/// of a call that takes several requests.
enum IdempotencyKey {
    /// 128 random bits as 32 hex digits.
    static func random() -> String {
        var generator = SystemRandomNumberGenerator()
        return hex(generator.next() as UInt64) + hex(generator.next() as UInt64)
    }

    /// The key of chunk `position` of a call keyed `key`: `<key>.<position>`,
    /// or, when that would pass the server's 255 characters, the first 32 hex
    /// digits of the key's SHA-256 in its place.
    static func chunk(_ key: String, position: Int) -> String {
        let derived = "\(key).\(position)"
        guard derived.utf8.count > 255 else { return derived }
        return "\(sha256Hex(Array(key.utf8)).prefix(32)).\(position)"
    }

    static func sha256Hex(_ bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).map { String($0, radix: 16).leftPadded(to: 2) }.joined()
    }

    private static func hex(_ value: UInt64) -> String {
        String(value, radix: 16).leftPadded(to: 16)
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}
