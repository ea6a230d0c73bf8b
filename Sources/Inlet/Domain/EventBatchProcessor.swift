/// What became of one row of an event batch.
public struct RowOutcome: Sendable, Equatable {
    public enum Status: String, Sendable {
        case accepted
        case duplicate
        case rejected
    }

    public var index: Int
    public var status: Status
    public var eventID: String?
    public var workerID: String?
    public var identity: ActorResolver.Identity?
    public var timestampCorrected = false
    public var error: RowError?
}

/// What became of a whole event batch.
public enum EventBatchOutcome: Sendable, Equatable {
    /// The organization's monthly cap was already reached: nothing was stored.
    case planLimitReached(cap: Int)
    /// Each row's outcome in index order.
    case rows([RowOutcome])
}

/// Stores a validated batch inside the group commit's transaction: resolves
/// actors, drops repeated client ids as duplicates, applies the monthly cap and
/// appends the events.
public struct EventBatchProcessor: Sendable {
    public let organization: Organization
    public let app: DeveloperApp
    public let ids: any IdentifierGenerator

    public init(organization: Organization, app: DeveloperApp, ids: any IdentifierGenerator) {
        self.organization = organization
        self.app = app
        self.ids = ids
    }

    /// Applies `batch`, received at `receivedAt`, in `transaction`.
    public func apply(_ batch: ValidatedBatch, receivedAt: Int64, in transaction: some IngestTransaction) throws -> EventBatchOutcome {
        let month = RFC3339.month(of: receivedAt)
        var remaining = Int.max
        if let cap = organization.maxEventsPerMonth {
            let used = try transaction.eventCount(organizationID: organization.id, month: month)
            guard used < cap else { return .planLimitReached(cap: cap) }
            remaining = cap - used
        }
        var resolver = ActorResolver(organizationID: organization.id, appID: app.id, now: receivedAt, ids: ids)
        var outcomes: [RowOutcome] = []
        outcomes.reserveCapacity(batch.rows.count)
        var stored = 0
        for (index, row) in batch.rows.enumerated() {
            let event: ValidatedEvent
            switch row {
            case .failure(let error):
                outcomes.append(RowOutcome(index: index, status: .rejected, error: error))
                continue
            case .success(let valid):
                event = valid
            }
            if let clientID = event.clientID, let first = try transaction.clientEvent(clientID, appID: app.id) {
                outcomes.append(RowOutcome(index: index, status: .duplicate, eventID: first.eventID, workerID: first.workerID))
                continue
            }
            guard stored < remaining else {
                let error = RowError(.planLimit, "The organization's monthly cap of \(organization.maxEventsPerMonth ?? 0) events is reached.")
                outcomes.append(RowOutcome(index: index, status: .rejected, error: error))
                continue
            }
            switch try resolver.resolve(event.actor, in: transaction) {
            case .failure(let error):
                outcomes.append(RowOutcome(index: index, status: .rejected, error: error))
            case .success(let (workerID, identity)):
                let eventID = event.id
                try transaction.insert(storedEvent(event, id: eventID, workerID: workerID, receivedAt: receivedAt))
                if let clientID = event.clientID {
                    try transaction.recordClientEvent(clientID, appID: app.id, eventID: eventID, workerID: workerID)
                }
                stored += 1
                outcomes.append(
                    RowOutcome(
                        index: index, status: .accepted, eventID: eventID, workerID: workerID, identity: identity,
                        timestampCorrected: event.timestampCorrected))
            }
        }
        if stored > 0 {
            try transaction.addEventCount(stored, organizationID: organization.id, month: month)
        }
        return .rows(outcomes)
    }

    private func storedEvent(_ event: ValidatedEvent, id: String, workerID: String, receivedAt: Int64) -> StoredEvent {
        StoredEvent(
            id: id, organizationID: organization.id, appID: app.id, app: app.slug, source: app.source, workerID: workerID,
            eventType: event.eventType, category: event.category, timestamp: event.timestamp, receivedAt: receivedAt,
            duration: event.duration, metadata: event.metadata, timestampCorrected: event.timestampCorrected)
    }
}
