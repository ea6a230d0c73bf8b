/// Everything a group commit decided to write, applied by a store in one
/// transaction with one statement per kind (or prepared per-row statements).
public struct IngestWrites: Sendable, Equatable {
    /// A worker created by this group.
    public struct NewWorker: Sendable, Equatable {
        public var key: WorkerKey
        /// The app whose connection first saw the worker.
        public var appID: String
        public var createdAt: Int64

        public init(key: WorkerKey, appID: String, createdAt: Int64) {
            self.key = key
            self.appID = appID
            self.createdAt = createdAt
        }
    }

    public var workers: [NewWorker] = []
    /// Identifiers attached to workers, with their worker; none was held before.
    public var identifiers: [IdentifierKey: String] = [:]
    /// Events for the timeline, in arrival order; the lead processor scores
    /// each of them after the commit, so a store queues a reference to them
    /// in the same transaction.
    public var events: [StoredEvent] = []
    /// Lead events for the lead processor to resolve, in arrival order.
    public var queuedEvents: [QueuedLeadEvent] = []
    /// Client event ids first seen in this group.
    public var clientEvents: [ClientEventKey: ClientEvent] = [:]
    /// Events added per organization and month.
    public var eventCounts: [UsageKey: Int] = [:]
    /// The monthly caps of the months in `eventCounts` that have one. A store
    /// whose database other writers share checks the stored total against them
    /// and runs the group again, with fresh facts, when a concurrent commit
    /// pushed the month over its cap.
    public var monthlyCaps: [UsageKey: Int] = [:]
    /// Stored current snapshots that this group replaced, and when.
    public var replacedSnapshots: [SnapshotSlot: Int64] = [:]
    /// New snapshots; one replaced within the group already carries `replacedAt`.
    public var snapshots: [StoredSnapshot] = []
    /// Expired idempotency records to delete before their keys are recorded
    /// again, with the creation time they were found with (a record replaced
    /// meanwhile by another instance is left alone).
    public var expiredIdempotencyRecords: [IdempotencyScope: Int64] = [:]
    public var idempotencyRecords: [IdempotencyRecord] = []
    /// Stream items to create or update, each once, in the order they first
    /// came (new items are numbered in it): the fields sent, to merge over the
    /// stored ones (a field sent replaces that field, the others stay).
    public var streamItems: [StreamItemWrite] = []
    /// Rows answered per organization, minute and outcome, for the dashboard's chart.
    public var activity: [ActivityKey: Int] = [:]

    public init() {}

    /// Whether there is nothing to write.
    public var isEmpty: Bool {
        workers.isEmpty && identifiers.isEmpty && events.isEmpty && queuedEvents.isEmpty && clientEvents.isEmpty && eventCounts.isEmpty
            && replacedSnapshots.isEmpty && snapshots.isEmpty && expiredIdempotencyRecords.isEmpty && idempotencyRecords.isEmpty
            && streamItems.isEmpty && activity.isEmpty
    }
}
