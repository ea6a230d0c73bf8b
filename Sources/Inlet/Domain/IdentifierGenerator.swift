/// Makes the prefixed identifiers of every resource (`evt_…`, `wrk_…`); injected
/// so tests can predict them.
public protocol IdentifierGenerator: Sendable {
    /// A new identifier `<prefix>_<suffix>`, unique and roughly time-ordered.
    func make(_ prefix: IdentifierPrefix) -> String
}

/// The resource kinds that carry an identifier.
public enum IdentifierPrefix: String, Sendable {
    case organization = "org"
    case unit
    case app
    case key
    case adminToken = "adm"
    case worker = "wrk"
    case event = "evt"
    case snapshot = "snp"
    case request = "req"
}

/// Identifiers made of a 48-bit millisecond timestamp and 80 random bits in
/// Crockford base32, like ULIDs: unique without coordination, sortable by time.
public struct TimeOrderedIdentifierGenerator: IdentifierGenerator {
    private static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ".utf8)
    private let clock: any InletClock

    public init(clock: any InletClock) {
        self.clock = clock
    }

    public func make(_ prefix: IdentifierPrefix) -> String {
        var generator = SystemRandomNumberGenerator()
        let time = UInt64(max(0, clock.nowMillis()))
        let high = UInt64.random(in: 0...UInt64(UInt16.max), using: &generator)
        let low = generator.next() as UInt64
        var characters = [UInt8](repeating: 0, count: 26)
        // 10 characters of time (50 bits, top 2 always zero), then 16 of randomness.
        for position in 0..<10 {
            characters[9 - position] = Self.alphabet[Int((time >> (UInt64(position) * 5)) & 31)]
        }
        for position in 0..<12 {
            characters[25 - position] = Self.alphabet[Int((low >> (UInt64(position) * 5)) & 31)]
        }
        let rest = (high << 4) | (low >> 60)
        for position in 0..<4 {
            characters[13 - position] = Self.alphabet[Int((rest >> (UInt64(position) * 5)) & 31)]
        }
        return prefix.rawValue + "_" + String(decoding: characters, as: UTF8.self)
    }
}
