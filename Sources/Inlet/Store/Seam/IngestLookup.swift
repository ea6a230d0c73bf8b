/// Everything a group commit needs to read before it decides: collected from
/// every row of every request in the group, so a store fetches each kind with
/// one query whatever the number of rows.
public struct IngestLookup: Sendable {
    /// Worker ids named by actors.
    public var workers: Set<WorkerKey> = []
    /// Identifiers (`externalId`, `email`) named by actors.
    public var identifiers: Set<IdentifierKey> = []
    /// Client event ids of the rows.
    public var clientEvents: Set<ClientEventKey> = []
    /// Months whose stored-event counts the monthly cap needs.
    public var months: Set<UsageKey> = []
    /// Idempotency keys the group's requests claim.
    public var idempotencyScopes: Set<IdempotencyScope> = []
    /// Current snapshots the group's snapshots may replace.
    public var snapshots: Set<SnapshotLookup> = []
    /// Stream items the group's webhook items may update.
    public var streamItems: Set<StreamItemKey> = []

    public init() {}
}

extension IngestLookup {
    /// The (worker, type) slots the snapshot lookups may hit: each one's worker
    /// id and the workers its identifiers were found to belong to.
    public func snapshotSlots(identifiers found: [IdentifierKey: String]) -> Set<SnapshotSlot> {
        var slots: Set<SnapshotSlot> = []
        for lookup in snapshots {
            let workers = [lookup.workerID].compactMap { $0 } + lookup.identifiers.compactMap {
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
public struct IngestFacts: Sendable, Equatable {
    /// The looked-up workers that exist.
    public var workers: Set<WorkerKey> = []
    /// The worker each found identifier belongs to.
    public var identifiers: [IdentifierKey: String] = [:]
    /// The first event of each client event id already stored.
    public var clientEvents: [ClientEventKey: ClientEvent] = [:]
    /// Stored events per organization and month (absent: none).
    public var eventCounts: [UsageKey: Int] = [:]
    /// When each existing idempotency record was created.
    public var idempotencyRecords: [IdempotencyScope: Int64] = [:]
    /// The type rank of each current snapshot of the candidate workers.
    public var currentSnapshots: [SnapshotSlot: Int64] = [:]
    /// The stored fields of each existing stream item.
    public var streamItems: [StreamItemKey: [ItemField]] = [:]

    public init() {}
}
