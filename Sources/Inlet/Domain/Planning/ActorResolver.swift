/// Resolves an actor to a worker: `workerId`, then `externalId` (per app), then
/// `email` (per organization, case-insensitive); creates a worker when nothing
/// matches and attaches the identifiers given.
struct ActorResolver: Sendable {
    /// How a row's actor was resolved.
    enum Identity: String, Sendable {
        case matched
        case created
    }

    private let organizationID: String
    private let appID: String
    private let now: Int64
    private let ids: any IdentifierGenerator

    init(organizationID: String, appID: String, now: Int64, ids: any IdentifierGenerator) {
        self.organizationID = organizationID
        self.appID = appID
        self.now = now
        self.ids = ids
    }

    /// Adds what resolving `actor` needs read: its worker id and identifiers.
    func collect(_ actor: Actor, into lookup: inout IngestLookup) {
        if let workerID = actor.workerID {
            lookup.workers.insert(WorkerKey(organizationID: organizationID, workerID: workerID))
        }
        for identifier in identifiers(of: actor) {
            lookup.identifiers.insert(IdentifierKey(organizationID: organizationID, identifier: identifier))
        }
    }

    /// The worker of `actor`, or a row error `unknown_worker` (then `plan` is unchanged).
    func resolve(_ actor: Actor, in plan: inout IngestPlan) -> Result<(String, Identity), RowError> {
        if let workerID = actor.workerID {
            guard plan.workerExists(WorkerKey(organizationID: organizationID, workerID: workerID)) else {
                return .failure(RowError(.unknownWorker, "Worker '\(workerID)' does not exist in this organization."))
            }
            attachIdentifiers(of: actor, to: workerID, in: &plan)
            return .success((workerID, .matched))
        }
        for identifier in identifiers(of: actor) {
            if let workerID = plan.worker(with: key(identifier)) {
                attachIdentifiers(of: actor, to: workerID, in: &plan)
                return .success((workerID, .matched))
            }
        }
        let workerID = ids.make(.worker)
        plan.createWorker(WorkerKey(organizationID: organizationID, workerID: workerID), appID: appID, createdAt: now)
        attachIdentifiers(of: actor, to: workerID, in: &plan)
        return .success((workerID, .created))
    }

    /// The identifiers an actor names, in resolution order.
    func identifiers(of actor: Actor) -> [WorkerIdentifier] {
        var identifiers: [WorkerIdentifier] = []
        if let externalID = actor.externalID { identifiers.append(.externalID(externalID, appID: appID)) }
        if let email = actor.email { identifiers.append(.email(email)) }
        return identifiers
    }

    private func key(_ identifier: WorkerIdentifier) -> IdentifierKey {
        IdentifierKey(organizationID: organizationID, identifier: identifier)
    }

    private func attachIdentifiers(of actor: Actor, to workerID: String, in plan: inout IngestPlan) {
        for identifier in identifiers(of: actor) {
            plan.attach(key(identifier), to: workerID)
        }
    }
}
