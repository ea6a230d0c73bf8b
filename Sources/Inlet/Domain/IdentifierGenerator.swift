import Synchronization

/// Makes the prefixed identifiers of every resource (`evt_…`, `wrk_…`); injected
/// so tests can predict them.
public protocol IdentifierGenerator: Sendable {
    /// A new identifier `<prefix>_<suffix>`, unique and roughly time-ordered.
    func make(_ prefix: IdentifierPrefix) -> String
    /// A number above every one returned before and at least the current time
    /// in microseconds: orders things by when they were first seen.
    func rank() -> Int64
}

/// The resource kinds that carry an identifier.
public enum IdentifierPrefix: String, Sendable {
    case organization = "org"
    case unit
    case app
    case key
    case stream = "str"
    case ruleset = "rs"
    case adminToken = "adm"
    case worker = "wrk"
    case event = "evt"
    case snapshot = "snp"
    case deadLetter = "dlq"
    case erasure = "era"
    case webhook = "wh"
    case request = "req"
    case instance = "ins"
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
    private let lastRank = LastRank()

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

    public func rank() -> Int64 {
        lastRank.next(atLeast: clock.nowMillis() * 1000)
    }

    /// The last rank handed out.
    private final class LastRank: Sendable {
        private let value = Atomic<Int64>(0)

        func next(atLeast floor: Int64) -> Int64 {
            var current = value.load(ordering: .relaxed)
            while true {
                let next = max(floor, current + 1)
                let (exchanged, original) = value.compareExchange(expected: current, desired: next, ordering: .relaxed)
                if exchanged { return next }
                current = original
            }
        }
    }

    /// A process-wide counter starting at a random value.
    private final class Counter: Sendable {
        private let value = Atomic<UInt64>(UInt64.random(in: 0...(1 << 47)))

        func next() -> UInt64 {
            value.wrappingAdd(1, ordering: .relaxed).newValue
        }
    }
}
