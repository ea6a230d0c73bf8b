/// Everything a group commit needs to read before it decides: collected from
/// every row of every request in the group, so a store fetches each kind with
/// one query whatever the number of rows.
struct IngestLookup: Sendable {
    /// Worker ids named by actors.
    var workers: Set<WorkerKey> = []
    /// Identifiers (`externalId`, `email`) named by actors.
    var identifiers: Set<IdentifierKey> = []
    /// Client event ids of the rows.
    var clientEvents: Set<ClientEventKey> = []
    /// Months whose stored-event counts the monthly cap needs.
    var months: Set<UsageKey> = []
    /// Idempotency keys the group's requests claim.
    var idempotencyScopes: Set<IdempotencyScope> = []
    /// Current snapshots the group's snapshots may replace.
    var snapshots: Set<SnapshotLookup> = []
    /// Stream items the group's webhook items may update.
    var streamItems: Set<StreamItemKey> = []

    init() {}
}

extension IngestLookup {
    /// Adds everything `other` asks for.
    mutating func formUnion(_ other: IngestLookup) {
        workers.formUnion(other.workers)
        identifiers.formUnion(other.identifiers)
        clientEvents.formUnion(other.clientEvents)
        months.formUnion(other.months)
        idempotencyScopes.formUnion(other.idempotencyScopes)
        snapshots.formUnion(other.snapshots)
        streamItems.formUnion(other.streamItems)
    }

    /// The (worker, type) slots the snapshot lookups may hit: each one's worker
    /// id and the workers its identifiers were found to belong to.
    func snapshotSlots(identifiers found: [IdentifierKey: String]) -> Set<SnapshotSlot> {
        var slots: Set<SnapshotSlot> = []
        for lookup in snapshots {
            let workers =
                [lookup.workerID].compactMap { $0 }
                + lookup.identifiers.compactMap {
                    found[IdentifierKey(organizationID: lookup.organizationID, identifier: $0)]
                }
            for workerID in workers {
                slots.insert(SnapshotSlot(organizationID: lookup.organizationID, workerID: workerID, snapshotType: lookup.snapshotType))
            }
        }
        return slots
    }
}

/// What a store found for an ``IngestLookup``: only what exists is present.
struct IngestFacts: Sendable, Equatable {
    /// The looked-up workers that exist.
    var workers: Set<WorkerKey> = []
    /// The worker each found identifier belongs to.
    var identifiers: [IdentifierKey: String] = [:]
    /// The first event of each client event id already stored.
    var clientEvents: [ClientEventKey: ClientEvent] = [:]
    /// Stored events per organization and month (absent: none).
    var eventCounts: [UsageKey: Int] = [:]
    /// When each existing idempotency record was created.
    var idempotencyRecords: [IdempotencyScope: Int64] = [:]
    /// The type rank of each current snapshot of the candidate workers.
    var currentSnapshots: [SnapshotSlot: Int64] = [:]
    /// The stored fields of each existing stream item.
    var streamItems: [StreamItemKey: [ItemField]] = [:]

    init() {}
}

extension IngestFacts {
    /// The people the facts found: by worker id, as an identifier's owner, or
    /// as the person of a client event id's first event.
    var people: Set<WorkerKey> {
        workers.union(identifiers.map { WorkerKey(organizationID: $0.key.organizationID, workerID: $0.value) })
            .union(clientEvents.map { WorkerKey(organizationID: $0.key.organizationID, workerID: $0.value.workerID) })
    }
}
