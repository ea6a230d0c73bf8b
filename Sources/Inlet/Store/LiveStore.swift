/// A place in the order events become visible in the store: an event's
/// position is after those of every event committed before it could be read.
/// On SQLite, whose writer commits one transaction at a time, it is the
/// event's sequence; on PostgreSQL, the inserting transaction's id, then the
/// sequence.
public struct LivePosition: Sendable, Hashable, Comparable {
    public var commit: Int64
    public var sequence: Int64

    public init(commit: Int64, sequence: Int64) {
        self.commit = commit
        self.sequence = sequence
    }

    public static func < (lhs: LivePosition, rhs: LivePosition) -> Bool {
        (lhs.commit, lhs.sequence) < (rhs.commit, rhs.sequence)
    }
}

/// A stored event with its live position.
public struct LiveEvent: Sendable, Equatable {
    public var event: TimelineEvent
    public var position: LivePosition

    public init(event: TimelineEvent, position: LivePosition) {
        self.event = event
        self.position = position
    }

    public var organizationID: String { event.event.organizationID }
}

/// The reads of the live stream: events in the order they became visible,
/// such that reading on from the last event read never misses one that
/// becomes visible later.
public protocol LiveStore: Sendable {
    /// The position after every event visible now.
    func livePosition() async throws -> LivePosition
    /// Events after `position`, in position order, at most `limit`; of one
    /// organization when `organizationID` is given. On PostgreSQL, only
    /// events of transactions that ended before every transaction still
    /// running began, so that none can appear behind them later.
    func liveEvents(after position: LivePosition, organizationID: String?, limit: Int) async throws -> [LiveEvent]
    /// The position of an event of an organization, to resume after it.
    func livePosition(ofEvent id: String, organizationID: String) async throws -> LivePosition?
}
