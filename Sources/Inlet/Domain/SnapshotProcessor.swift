/// What became of a snapshot.
public struct SnapshotOutcome: Sendable, Equatable {
    public var snapshotID: String
    public var workerID: String
    public var replaced: Bool
}

/// Stores a validated snapshot inside the group commit's transaction.
public struct SnapshotProcessor: Sendable {
    public let organization: Organization
    public let app: DeveloperApp
    public let ids: any IdentifierGenerator

    public init(organization: Organization, app: DeveloperApp, ids: any IdentifierGenerator) {
        self.organization = organization
        self.app = app
        self.ids = ids
    }

    /// Resolves the actor and replaces the current snapshot of its type; throws
    /// `unknown_worker` for a `workerId` that does not exist.
    public func apply(_ snapshot: ValidatedSnapshot, receivedAt: Int64, in transaction: some IngestTransaction) throws -> SnapshotOutcome {
        var resolver = ActorResolver(organizationID: organization.id, appID: app.id, now: receivedAt, ids: ids)
        switch try resolver.resolve(snapshot.actor, in: transaction) {
        case .failure(let error):
            throw InletError(error.code, error.message)
        case .success(let (workerID, _)):
            let id = ids.make(.snapshot)
            let replaced = try transaction.replaceSnapshot(
                StoredSnapshot(
                    id: id, organizationID: organization.id, appID: app.id, workerID: workerID,
                    snapshotType: snapshot.snapshotType, metrics: snapshot.metrics, timestamp: snapshot.timestamp,
                    receivedAt: receivedAt))
            return SnapshotOutcome(snapshotID: id, workerID: workerID, replaced: replaced)
        }
    }
}
