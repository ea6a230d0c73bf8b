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
    static let minuteMillis: Int64 = 60_000

    private let counts = Mutex<[String: [Minute]]>([:])

    public init() {}

    /// Adds a request's rows at `time`.
    func record(organizationID: String, accepted: Int, rejected: [String: Int], at time: Int64) {
        guard accepted > 0 || !rejected.isEmpty else { return }
        let start = time - time % Self.minuteMillis
        counts.withLock { counts in
            // Changed in place: no copy of the hour per request.
            counts[organizationID, default: []].withMinute(starting: start) { minute in
                minute.accepted += accepted
                minute.rejected.merge(rejected, uniquingKeysWith: +)
            }
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

extension [IngestActivity.Minute] {
    /// Changes the minute that starts at `start`, the newest: added when it is
    /// new, after dropping the minutes that left the hour.
    fileprivate mutating func withMinute(starting start: Int64, _ change: (inout IngestActivity.Minute) -> Void) {
        if last?.start != start {
            removeAll { $0.start <= start - Int64(IngestActivity.minutes) * IngestActivity.minuteMillis }
            append(IngestActivity.Minute(start: start))
        }
        change(&self[count - 1])
    }
}
