/// One event as shown on the timeline.
public struct TimelineEvent: Sendable, Equatable {
    public var event: StoredEvent
    /// Arrival order, the tie-breaker of equal timestamps.
    public var sequence: Int64

    public init(event: StoredEvent, sequence: Int64) {
        self.event = event
        self.sequence = sequence
    }
}

/// Position in the timeline: the last event of the previous page.
public struct TimelinePosition: Sendable, Equatable {
    public var timestamp: Int64
    public var sequence: Int64

    public init(timestamp: Int64, sequence: Int64) {
        self.timestamp = timestamp
        self.sequence = sequence
    }
}

/// A stored stream item as reads show it.
public struct StoredStreamItem: Sendable, Equatable {
    public var id: String
    /// Creation order in the stream, the position a page ends at.
    public var sequence: Int64
    public var fields: [ItemField]
    public var createdAt: Int64
    public var updatedAt: Int64

    public init(id: String, sequence: Int64, fields: [ItemField], createdAt: Int64, updatedAt: Int64) {
        self.id = id
        self.sequence = sequence
        self.fields = fields
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// A page of `GET /api/streams/{stream}/items`: items in creation order after
/// `after`, matching every filter.
public struct StreamItemsQuery: Sendable, Equatable {
    public var organizationID: String
    public var streamID: String
    public var filters: [ItemFilter]
    public var after: Int64?
    public var limit: Int

    public init(organizationID: String, streamID: String, filters: [ItemFilter] = [], after: Int64? = nil, limit: Int = 50) {
        self.organizationID = organizationID
        self.streamID = streamID
        self.filters = filters
        self.after = after
        self.limit = limit
    }
}

/// Filters of `GET /api/v1/timeline`.
public struct TimelineQuery: Sendable, Equatable {
    public var organizationID: String
    public var from: Int64?
    public var to: Int64?
    public var workerID: String?
    public var source: String?
    public var eventType: String?
    public var limit: Int
    public var after: TimelinePosition?

    public init(
        organizationID: String, from: Int64? = nil, to: Int64? = nil, workerID: String? = nil, source: String? = nil,
        eventType: String? = nil, limit: Int = 50, after: TimelinePosition? = nil
    ) {
        self.organizationID = organizationID
        self.from = from
        self.to = to
        self.workerID = workerID
        self.source = source
        self.eventType = eventType
        self.limit = limit
        self.after = after
    }
}

/// A worker (a lead is one) with what the people and lead routes show of them.
public struct WorkerRecord: Sendable, Equatable {
    public var id: String
    public var identifiers: [WorkerIdentifierView]
    /// The unit of a lead, where its first event was sent; nil for a worker of the v1 routes.
    public var unitID: String?
    /// The scoring progress under each ruleset that scored them, by ruleset id.
    public var progress: [String: ScoreProgress]
    public var createdAt: Int64

    public init(id: String, identifiers: [WorkerIdentifierView], unitID: String?, progress: [String: ScoreProgress], createdAt: Int64) {
        self.id = id
        self.identifiers = identifiers
        self.unitID = unitID
        self.progress = progress
        self.createdAt = createdAt
    }
}

/// The timeline and people reads.
public protocol ReadStore: Sendable {
    /// Events newest first (timestamp, then arrival), at most `query.limit`.
    func timeline(_ query: TimelineQuery) async throws -> [TimelineEvent]
    /// Workers of an organization ordered by id, after `cursor`, at most
    /// `limit`; with `leadsOnly`, those in an org unit (the people `/ingest` made or reached).
    func workers(organizationID: String, after cursor: String?, limit: Int, leadsOnly: Bool) async throws -> [WorkerRecord]
    /// The workers of an organization among `ids`, in no particular order.
    func workers(ids: [String], organizationID: String) async throws -> [WorkerRecord]
    /// Snapshots of the given workers, current and replaced, in insertion order.
    func snapshots(workerIDs: [String], organizationID: String) async throws -> [String: [SnapshotRecord]]
    /// Items of a stream in creation order, at most `query.limit`.
    func streamItems(_ query: StreamItemsQuery) async throws -> [StoredStreamItem]
    /// One item of a stream.
    func streamItem(_ id: String, streamID: String, organizationID: String) async throws -> StoredStreamItem?
    /// Rows the ingest routes answered per minute and outcome, for the minutes starting after `since`.
    func activity(organizationID: String, since: Int64) async throws -> [ActivityKey: Int]
}

extension ReadStore {
    /// One worker of an organization.
    func worker(_ id: String, organizationID: String) async throws -> WorkerRecord? {
        try await workers(ids: [id], organizationID: organizationID).first
    }
}
