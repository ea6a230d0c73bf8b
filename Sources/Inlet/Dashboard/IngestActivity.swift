import Synchronization

/// Rows of the v1 event route answered by this instance in the last hour, per
/// organization and minute: accepted, and rejected by error code. It feeds the
/// dashboard's chart; it lives in memory, so it starts empty with the process
/// and counts only this instance's answers.
public final class IngestActivity: Sendable {
    /// One minute's counts.
    public struct Minute: Sendable, Equatable {
        /// Milliseconds since the epoch at the minute's start.
        public var start: Int64
        public var accepted = 0
        public var rejected: [String: Int] = [:]
    }

    /// Minutes kept and shown.
    static let minutes = 60
    private static let minuteMillis: Int64 = 60_000

    private let counts = Mutex<[String: [Minute]]>([:])

    public init() {}

    /// Adds a request's rows at `time`.
    func record(organizationID: String, accepted: Int, rejected: [String: Int], at time: Int64) {
        guard accepted > 0 || !rejected.isEmpty else { return }
        let start = time - time % Self.minuteMillis
        counts.withLock { counts in
            var minutes = counts[organizationID, default: []]
            if minutes.last?.start != start {
                minutes.append(Minute(start: start))
                minutes.removeAll { $0.start <= start - Int64(Self.minutes) * Self.minuteMillis }
            }
            minutes[minutes.count - 1].accepted += accepted
            minutes[minutes.count - 1].rejected.merge(rejected, uniquingKeysWith: +)
            counts[organizationID] = minutes
        }
    }

    /// The last hour up to the minute holding `now`, oldest first, one entry per minute (empty ones included).
    func lastHour(organizationID: String, now: Int64) -> [Minute] {
        let stored = counts.withLock { $0[organizationID] ?? [] }
        let current = now - now % Self.minuteMillis
        let byStart = Dictionary(stored.map { ($0.start, $0) }, uniquingKeysWith: { $1 })
        return (0..<Self.minutes).reversed().map { back in
            let start = current - Int64(back) * Self.minuteMillis
            return byStart[start] ?? Minute(start: start)
        }
    }
}
