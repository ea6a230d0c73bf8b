import Synchronization

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

/// Identifiers made of a 48-bit millisecond timestamp and 80 more bits — 32
/// random bits drawn once per process and a 48-bit counter starting at a random
/// value — in Crockford base32, like ULIDs: unique without coordination,
/// sortable by time, and cheap enough for the write path (no system call each).
public struct TimeOrderedIdentifierGenerator: IdentifierGenerator {
    private static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ".utf8)
    private let clock: any InletClock
    private let processBits = UInt64.random(in: 0...UInt64(UInt32.max))
    private let counter = Counter()

    public init(clock: any InletClock) {
        self.clock = clock
    }

    public func make(_ prefix: IdentifierPrefix) -> String {
        let time = UInt64(max(0, clock.nowMillis()))
        let sequence = counter.next() & 0xFFFF_FFFF_FFFF
        var characters = [UInt8](repeating: 0, count: 26)
        // 10 characters of time (top 2 of 50 bits always zero), 16 of process bits and counter.
        for position in 0..<10 {
            characters[9 - position] = Self.alphabet[Int((time >> (UInt64(position) * 5)) & 31)]
        }
        let low = (processBits << 48) | sequence  // 80 bits: 32 + 48, the top 16 in `high`.
        let high = processBits >> 16
        for position in 0..<12 {
            characters[25 - position] = Self.alphabet[Int((low >> (UInt64(position) * 5)) & 31)]
        }
        let rest = (high << 4) | (low >> 60)
        for position in 0..<4 {
            characters[13 - position] = Self.alphabet[Int((rest >> (UInt64(position) * 5)) & 31)]
        }
        return prefix.rawValue + "_" + String(decoding: characters, as: UTF8.self)
    }

    /// A process-wide counter starting at a random value.
    private final class Counter: Sendable {
        private let value = Atomic<UInt64>(UInt64.random(in: 0...(1 << 47)))

        func next() -> UInt64 {
            value.wrappingAdd(1, ordering: .relaxed).newValue
        }
    }
}
