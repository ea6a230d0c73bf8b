/// One event as shown on the timeline.
struct TimelineEvent: Sendable, Equatable {
    var event: StoredEvent
    /// Arrival order, the tie-breaker of equal timestamps.
    var sequence: Int64

    /// The columns of `events` both stores read a timeline event from, in this order.
    static let columns = """
        seq, id, organization_id, app_id, app, source, worker_id, event_type, category, timestamp, received_at, duration, metadata,
        timestamp_corrected
        """
}

/// Position in the timeline: the last event of the previous page.
struct TimelinePosition: Sendable, Equatable {
    var timestamp: Int64
    var sequence: Int64
}

/// A stored stream item as reads show it.
struct StoredStreamItem: Sendable, Equatable {
    var id: String
    /// Creation order in the stream, the position a page ends at.
    var sequence: Int64
    var fields: [ItemField]
    var createdAt: Int64
    var updatedAt: Int64
}

/// A page of `GET /api/streams/{stream}/items`: items in creation order after
/// `after`, matching every filter.
struct StreamItemsQuery: Sendable, Equatable {
    var organizationID: String
    var streamID: String
    var filters: [ItemFilter] = []
    var after: Int64?
    /// Leaves out items last updated before this time (retention).
    var updatedSince: Int64?
    var limit: Int = 50
}

/// Filters of `GET /api/v1/timeline` and of the events export.
struct TimelineQuery: Sendable, Equatable {
    var organizationID: String
    var from: Int64?
    var to: Int64?
    var workerID: String?
    var source: String?
    var eventType: String?
    var limit: Int = 50
    /// The position the page starts after, in the page's order.
    var after: TimelinePosition?
    /// Oldest first (the export) instead of newest first (the timeline).
    var oldestFirst: Bool = false
}

/// A worker (a lead is one) with what the people and lead routes show of them.
struct WorkerRecord: Sendable, Equatable {
    var id: String
    var identifiers: [WorkerIdentifierView]
    /// The unit of a lead, where its first event was sent; nil for a worker of the v1 routes.
    var unitID: String?
    /// The scoring progress under each ruleset that scored them, by ruleset id.
    var progress: [String: ScoreProgress]
    var createdAt: Int64
}

/// The timeline and people reads.
protocol ReadStore: Sendable {
    /// Events newest first (timestamp, then arrival), or oldest first, at most `query.limit`.
    func timeline(_ query: TimelineQuery) async throws -> [TimelineEvent]
    /// Where an organization's stored event is in the timeline; nil for an id it has no event with.
    func timelinePosition(ofEvent id: String, organizationID: String) async throws -> TimelinePosition?
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
