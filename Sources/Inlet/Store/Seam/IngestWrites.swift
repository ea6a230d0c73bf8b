/// Everything a group commit decided to write, applied by a store in one
/// transaction with one statement per kind (or prepared per-row statements).
struct IngestWrites: Sendable, Equatable {
    /// A worker created by this group.
    struct NewWorker: Sendable, Equatable {
        var key: WorkerKey
        /// The app whose connection first saw the worker.
        var appID: String
        var createdAt: Int64
    }

    var workers: [NewWorker] = []
    /// Identifiers attached to workers, with their worker; none was held before.
    var identifiers: [IdentifierKey: String] = [:]
    /// Events for the timeline, in arrival order; the lead processor scores
    /// each of them after the commit, so a store queues a reference to them
    /// in the same transaction.
    var events: [StoredEvent] = []
    /// Lead events for the lead processor to resolve, in arrival order.
    var queuedEvents: [QueuedLeadEvent] = []
    /// Client event ids first seen in this group.
    var clientEvents: [ClientEventKey: ClientEvent] = [:]
    /// Events added per organization and month.
    var eventCounts: [UsageKey: Int] = [:]
    /// The monthly caps of the months in `eventCounts` that have one. A store
    /// whose database other writers share checks the stored total against them
    /// and runs the group again, with fresh facts, when a concurrent commit
    /// pushed the month over its cap.
    var monthlyCaps: [UsageKey: Int] = [:]
    /// Stored current snapshots that this group replaced, and when.
    var replacedSnapshots: [SnapshotSlot: Int64] = [:]
    /// New snapshots; one replaced within the group already carries `replacedAt`.
    var snapshots: [StoredSnapshot] = []
    /// Expired idempotency records to delete before their keys are recorded
    /// again, with the creation time they were found with (a record replaced
    /// meanwhile by another instance is left alone).
    var expiredIdempotencyRecords: [IdempotencyScope: Int64] = [:]
    var idempotencyRecords: [IdempotencyRecord] = []
    /// Stream items to create or update, each once, in the order they first
    /// came (new items are numbered in it): the fields sent, to merge over the
    /// stored ones (a field sent replaces that field, the others stay).
    var streamItems: [StreamItemWrite] = []
    /// Rows answered per organization, minute and outcome, for the dashboard's chart.
    var activity: [ActivityKey: Int] = [:]

    init() {}

    /// Whether there is nothing to write.
    var isEmpty: Bool {
        workers.isEmpty && identifiers.isEmpty && events.isEmpty && queuedEvents.isEmpty && clientEvents.isEmpty && eventCounts.isEmpty
            && replacedSnapshots.isEmpty && snapshots.isEmpty && expiredIdempotencyRecords.isEmpty && idempotencyRecords.isEmpty
            && streamItems.isEmpty && activity.isEmpty
    }
}
