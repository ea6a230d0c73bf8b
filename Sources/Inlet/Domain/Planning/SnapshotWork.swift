/// What became of a snapshot.
struct SnapshotOutcome: Sendable, Equatable {
    var snapshotID: String
    var workerID: String
    var replaced: Bool
}

/// Stores a validated snapshot: resolves its actor and replaces the current
/// snapshot of its (worker, type).
struct SnapshotWork: IngestWork {
    let organization: Organization
    let app: DeveloperApp
    let snapshot: ValidatedSnapshot
    let receivedAt: Int64
    private let ids: any IdentifierGenerator
    private let resolver: ActorResolver
    /// Orders a type new to the worker after those seen before it.
    private let rank: Int64

    init(organization: Organization, app: DeveloperApp, snapshot: ValidatedSnapshot, receivedAt: Int64, ids: any IdentifierGenerator) {
        self.organization = organization
        self.app = app
        self.snapshot = snapshot
        self.receivedAt = receivedAt
        self.ids = ids
        self.resolver = ActorResolver(organizationID: organization.id, appID: app.id, now: receivedAt, ids: ids)
        self.rank = ids.rank()
    }

    var rows: Int { 1 }

    func collect(into lookup: inout IngestLookup) {
        resolver.collect(snapshot.actor, into: &lookup)
        lookup.snapshots.insert(
            SnapshotLookup(
                organizationID: organization.id,
                snapshotType: snapshot.snapshotType,
                workerID: snapshot.actor.workerID,
                identifiers: resolver.identifiers(of: snapshot.actor)
            )
        )
    }

    /// The outcome, or `unknown_worker` for a `workerId` that does not exist.
    func plan(in plan: inout IngestPlan) -> Result<SnapshotOutcome, InletError> {
        switch resolver.resolve(snapshot.actor, in: &plan) {
        case .failure(let error):
            return .failure(InletError(error.code, error.message))
        case .success(let (workerID, _)):
            let id = ids.make(.snapshot)
            let replaced = plan.replaceSnapshot(
                StoredSnapshot(
                    id: id,
                    organizationID: organization.id,
                    appID: app.id,
                    workerID: workerID,
                    snapshotType: snapshot.snapshotType,
                    metrics: snapshot.metrics,
                    timestamp: snapshot.timestamp,
                    receivedAt: receivedAt,
                    typeRank: rank
                )
            )
            plan.countActivity(1, "accepted", organizationID: organization.id, at: receivedAt)
            return .success(SnapshotOutcome(snapshotID: id, workerID: workerID, replaced: replaced))
        }
    }
}
