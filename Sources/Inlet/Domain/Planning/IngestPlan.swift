/// The state a group commit decides against: what the store found, updated by
/// each decision already taken in the group, and the writes those decisions
/// produced. Requests are planned one after another, so a later request sees
/// the workers, client ids, counts and records of earlier ones. A value: a dry
/// run plans on a copy and throws it away.
struct IngestPlan: Sendable {
    private var facts: IngestFacts
    /// What the decisions so far write.
    private(set) var writes = IngestWrites()
    /// Snapshots added to `writes.snapshots` that are still current, by slot.
    private var newSnapshots: [SnapshotSlot: Int] = [:]
    /// Where each stream item written by the group is in `writes.streamItems`.
    private var writtenItems: [StreamItemKey: Int] = [:]

    init(facts: IngestFacts) {
        self.facts = facts
    }

    /// Whether a worker exists in the organization.
    func workerExists(_ key: WorkerKey) -> Bool {
        facts.workers.contains(key)
    }

    /// The worker an identifier belongs to, if any.
    func worker(with key: IdentifierKey) -> String? {
        facts.identifiers[key]
    }

    /// Creates a worker linked to the app that first saw it.
    mutating func createWorker(_ key: WorkerKey, appID: String, createdAt: Int64) {
        facts.workers.insert(key)
        writes.workers.append(.init(key: key, appID: appID, createdAt: createdAt))
    }

    /// Attaches an identifier to a worker unless it already belongs to someone.
    mutating func attach(_ key: IdentifierKey, to workerID: String) {
        guard facts.identifiers[key] == nil else { return }
        facts.identifiers[key] = workerID
        writes.identifiers[key] = workerID
    }

    /// The event that already carries a client event id, if any.
    func clientEvent(_ key: ClientEventKey) -> ClientEvent? {
        facts.clientEvents[key]
    }

    /// Appends an event; with a client event id, records it as that id's first event.
    mutating func insert(_ event: StoredEvent, clientID: String?) {
        writes.events.append(event)
        if let clientID {
            let key = ClientEventKey(organizationID: event.organizationID, appID: event.appID, clientID: clientID)
            let first = ClientEvent(eventID: event.id, workerID: event.workerID)
            facts.clientEvents[key] = first
            writes.clientEvents[key] = first
        }
    }

    /// Queues an event for the lead processor.
    mutating func enqueue(_ event: QueuedLeadEvent) {
        writes.queuedEvents.append(event)
    }

    /// Stored events of an organization's month, this group's included.
    func eventCount(_ key: UsageKey) -> Int {
        facts.eventCounts[key, default: 0]
    }

    /// Counts rows a route answered at `time` with `outcome` (`accepted`, or the
    /// code they were rejected with), for the dashboard's chart.
    mutating func countActivity(_ rows: Int, _ outcome: String, organizationID: String, at time: Int64) {
        guard rows > 0 else { return }
        writes.activity[ActivityKey(organizationID: organizationID, minute: time - time % 60_000, code: outcome), default: 0] += rows
    }

    /// Adds to the stored-event count of an organization's month, whose cap
    /// the count was checked against.
    mutating func addEventCount(_ count: Int, to key: UsageKey, cap: Int?) {
        facts.eventCounts[key, default: 0] += count
        writes.eventCounts[key, default: 0] += count
        writes.monthlyCaps[key] = cap
    }

    /// Upserts a stream item: the fields sent that the item does not already
    /// hold (as stored, this group's writes included) replace the fields of
    /// their name, the others stay. An item not stored yet is created; one
    /// whose fields all hold the values sent is left as it was.
    mutating func upsertStreamItem(_ key: StreamItemKey, fields: [ItemField], at time: Int64) -> ItemOutcome.Result {
        if let position = writtenItems[key] {
            let changed = ItemField.changes(fields, over: writes.streamItems[position].merged)
            guard !changed.isEmpty else { return .unchanged }
            writes.streamItems[position].merge(changed, at: time)
            return .updated
        }
        // Taken out of the facts, the stored fields are merged in place.
        guard var stored = facts.streamItems.removeValue(forKey: key) else {
            append(StreamItemWrite(key: key, fields: fields, merged: fields, isNew: true, at: time))
            return .created
        }
        let changed = ItemField.changes(fields, over: stored)
        guard !changed.isEmpty else {
            facts.streamItems[key] = stored
            return .unchanged
        }
        ItemField.merge(changed, into: &stored)
        append(StreamItemWrite(key: key, fields: changed, merged: stored, isNew: false, at: time))
        return .updated
    }

    private mutating func append(_ write: StreamItemWrite) {
        writtenItems[write.key] = writes.streamItems.count
        writes.streamItems.append(write)
    }

    /// Stores `snapshot` as the current one of its (worker, type), replacing
    /// the current one; returns whether one was replaced. The new snapshot keeps
    /// the type's rank, or takes `snapshot.typeRank` for a type new to the worker.
    mutating func replaceSnapshot(_ snapshot: StoredSnapshot) -> Bool {
        let slot = SnapshotSlot(organizationID: snapshot.organizationID, workerID: snapshot.workerID, snapshotType: snapshot.snapshotType)
        var snapshot = snapshot
        var replaced = false
        if let index = newSnapshots[slot] {
            writes.snapshots[index].replacedAt = snapshot.receivedAt
            snapshot.typeRank = writes.snapshots[index].typeRank
            replaced = true
        } else if let rank = facts.currentSnapshots[slot] {
            writes.replacedSnapshots[slot] = snapshot.receivedAt
            snapshot.typeRank = rank
            replaced = true
        }
        facts.currentSnapshots[slot] = nil
        newSnapshots[slot] = writes.snapshots.count
        writes.snapshots.append(snapshot)
        return replaced
    }

    /// Whether an unexpired record (created at or after `notBefore`) holds the key.
    func isRecorded(_ scope: IdempotencyScope, notBefore: Int64) -> Bool {
        guard let createdAt = facts.idempotencyRecords[scope] else { return false }
        return createdAt >= notBefore
    }

    /// Records a complete answer for an idempotency key, replacing an expired record of the key.
    mutating func record(_ record: IdempotencyRecord) {
        if let expired = facts.idempotencyRecords[record.scope] {
            writes.expiredIdempotencyRecords[record.scope] = expired
        }
        facts.idempotencyRecords[record.scope] = record.createdAt
        writes.idempotencyRecords.append(record)
    }
}
