/// Resolves an actor to a worker: `workerId`, then `externalId` (per app), then
/// `email` (per organization, case-insensitive); creates a worker when nothing
/// matches and attaches the identifiers given. Remembers the batch's answers so a
/// repeated actor costs no further lookups.
public struct ActorResolver {
    /// How a row's actor was resolved.
    public enum Identity: String, Sendable {
        case matched
        case created
    }

    private let organizationID: String
    private let appID: String
    private let now: Int64
    private let ids: any IdentifierGenerator
    private var resolved: [Actor: String] = [:]

    public init(organizationID: String, appID: String, now: Int64, ids: any IdentifierGenerator) {
        self.organizationID = organizationID
        self.appID = appID
        self.now = now
        self.ids = ids
    }

    /// The worker of `actor`, or a row error `unknown_worker`.
    public mutating func resolve(_ actor: Actor, in transaction: some IngestTransaction) throws -> Result<(String, Identity), RowError> {
        if let workerID = resolved[actor] { return .success((workerID, .matched)) }
        if let workerID = actor.workerID {
            guard try transaction.workerExists(workerID, organizationID: organizationID) else {
                return .failure(RowError(.unknownWorker, "Worker '\(workerID)' does not exist in this organization."))
            }
            try attachIdentifiers(of: actor, to: workerID, except: nil, in: transaction)
            resolved[actor] = workerID
            return .success((workerID, .matched))
        }
        let identifiers = identifiers(of: actor)
        for identifier in identifiers {
            if let workerID = try transaction.worker(with: identifier, organizationID: organizationID) {
                try attachIdentifiers(of: actor, to: workerID, except: identifier, in: transaction)
                resolved[actor] = workerID
                return .success((workerID, .matched))
            }
        }
        let workerID = ids.make(.worker)
        try transaction.createWorker(id: workerID, organizationID: organizationID, appID: appID, createdAt: now)
        try attachIdentifiers(of: actor, to: workerID, except: nil, in: transaction)
        resolved[actor] = workerID
        return .success((workerID, .created))
    }

    private func identifiers(of actor: Actor) -> [WorkerIdentifier] {
        var identifiers: [WorkerIdentifier] = []
        if let externalID = actor.externalID { identifiers.append(.externalID(externalID, appID: appID)) }
        if let email = actor.email { identifiers.append(.email(email)) }
        return identifiers
    }

    private func attachIdentifiers(
        of actor: Actor, to workerID: String, except matched: WorkerIdentifier?, in transaction: some IngestTransaction
    ) throws {
        for identifier in identifiers(of: actor) where identifier != matched {
            try transaction.attach(identifier, to: workerID, organizationID: organizationID)
        }
    }
}
