/// A place in the order events become visible in the store: an event's
/// position is after those of every event committed before it could be read.
/// On SQLite, whose writer commits one transaction at a time, it is the
/// event's sequence; on PostgreSQL, the inserting transaction's id, then the
/// sequence.
struct LivePosition: Sendable, Hashable, Comparable {
    var commit: Int64
    var sequence: Int64

    static func < (lhs: LivePosition, rhs: LivePosition) -> Bool {
        (lhs.commit, lhs.sequence) < (rhs.commit, rhs.sequence)
    }
}

/// A stored event with its live position.
struct LiveEvent: Sendable, Equatable {
    var event: TimelineEvent
    var position: LivePosition

    var organizationID: String { event.event.organizationID }
}

/// What the live stream matches an event on before reading it whole.
struct LiveEventHeader: Sendable, Equatable {
    var organizationID: String
    var source: String
    var eventType: String
    var workerID: String
    /// The event's timestamp, held against its organization's retention.
    var timestamp: Int64
}

/// A read of the live stream: the events that matched, and how far it read.
struct LivePage: Sendable {
    /// The events read that matched, in position order.
    var events: [LiveEvent]
    /// The position up to which every event of the organizations read has
    /// been seen: the last event's when the page is full, else every event
    /// visible when the read began.
    var end: LivePosition
    /// Whether the read stopped at its limit.
    var isFull: Bool
}

/// The reads of the live stream: events in the order they became visible,
/// such that reading on from the last event read never misses one that
/// becomes visible later.
protocol LiveStore: Sendable {
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
        after position: LivePosition,
        organizationIDs: [String],
        limit: Int,
        matching: @escaping @Sendable (LiveEventHeader) -> Bool
    ) async throws -> LivePage
    /// The position of an event of an organization, to resume after it.
    func livePosition(ofEvent id: String, organizationID: String) async throws -> LivePosition?
}
