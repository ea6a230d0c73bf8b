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

/// What the live stream matches an event on before reading it whole.
public struct LiveEventHeader: Sendable, Equatable {
    public var organizationID: String
    public var source: String
    public var eventType: String
    public var workerID: String

    public init(organizationID: String, source: String, eventType: String, workerID: String) {
        self.organizationID = organizationID
        self.source = source
        self.eventType = eventType
        self.workerID = workerID
    }
}

/// A read of the live stream: the events that matched, and how far it read.
public struct LivePage: Sendable {
    /// The events read that matched, in position order.
    public var events: [LiveEvent]
    /// The position up to which every event of the organizations read has
    /// been seen: the last event's when the page is full, else every event
    /// visible when the read began.
    public var end: LivePosition
    /// Whether the read stopped at its limit.
    public var isFull: Bool

    public init(events: [LiveEvent], end: LivePosition, isFull: Bool) {
        self.events = events
        self.end = end
        self.isFull = isFull
    }
}

/// The reads of the live stream: events in the order they became visible,
/// such that reading on from the last event read never misses one that
/// becomes visible later.
public protocol LiveStore: Sendable {
    /// Whether the store answers and its schema is current.
    func isReady() async -> Bool
    /// The position after every event visible now.
    func livePosition() async throws -> LivePosition
    /// The events of `organizationIDs` after `position`, in position order,
    /// at most `limit` rows read; only those whose header passes `matching`
    /// are read whole. On PostgreSQL, only events of transactions that ended
    /// before every transaction still running began, so that none can appear
    /// behind them later.
    func liveEvents(
        after position: LivePosition, organizationIDs: [String], limit: Int, matching: @escaping @Sendable (LiveEventHeader) -> Bool
    ) async throws -> LivePage
    /// The position of an event of an organization, to resume after it.
    func livePosition(ofEvent id: String, organizationID: String) async throws -> LivePosition?
}
