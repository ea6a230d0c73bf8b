/// What became of one row of an event batch.
struct RowOutcome: Sendable, Equatable {
    enum Status: String, Sendable {
        case accepted
        case duplicate
        case rejected
    }

    var index: Int
    var status: Status
    var eventID: String?
    var workerID: String?
    var identity: ActorResolver.Identity?
    var timestampCorrected = false
    var error: RowError?
}

/// What became of a whole event batch.
enum EventBatchOutcome: Sendable, Equatable {
    /// The organization's monthly cap was already reached: nothing was stored.
    case planLimitReached(cap: Int)
    /// Each row's outcome in index order.
    case rows([RowOutcome])
}

/// Stores a validated event batch: resolves actors, drops repeated client ids
/// as duplicates, applies the monthly cap and appends the events.
///
/// What does not depend on the store is worked out when the work is made, on
/// the request's task: what the batch needs read, and which rows name the
/// same actor, so the group commit resolves each distinct actor once.
struct EventBatchWork: IngestWork {
    static let queuesLeadEvents = true
    let organization: Organization
    let app: DeveloperApp
    let batch: ValidatedBatch
    let receivedAt: Int64
    private let resolver: ActorResolver
    private let cap: MonthlyCap
    /// The distinct actors of the accepted rows, in order of first use.
    private let actors: [Actor]
    /// For each row, the index of its actor in `actors`; -1 for a rejected row.
    private let actorOfRow: [Int]
    /// What the batch needs read.
    private let lookup: IngestLookup

    init(organization: Organization, app: DeveloperApp, batch: ValidatedBatch, receivedAt: Int64, ids: any IdentifierGenerator) {
        self.organization = organization
        self.app = app
        self.batch = batch
        self.receivedAt = receivedAt
        let resolver = ActorResolver(organizationID: organization.id, appID: app.id, now: receivedAt, ids: ids)
        self.resolver = resolver
        cap = MonthlyCap(organization, receivedAt: receivedAt)
        var lookup = IngestLookup()
        cap.collect(into: &lookup)
        var actors: [Actor] = []
        var indexOfActor: [Actor: Int] = [:]
        var actorOfRow: [Int] = []
        actorOfRow.reserveCapacity(batch.rows.count)
        for row in batch.rows {
            guard case .success(let event) = row else {
                actorOfRow.append(-1)
                continue
            }
            if let clientID = event.clientID {
                lookup.clientEvents.insert(ClientEventKey(organizationID: organization.id, appID: app.id, clientID: clientID))
            }
            if let index = indexOfActor[event.actor] {
                actorOfRow.append(index)
            } else {
                indexOfActor[event.actor] = actors.count
                actorOfRow.append(actors.count)
                actors.append(event.actor)
                resolver.collect(event.actor, into: &lookup)
            }
        }
        self.actors = actors
        self.actorOfRow = actorOfRow
        self.lookup = lookup
    }

    var rows: Int { batch.rows.count }

    func collect(into lookup: inout IngestLookup) {
        lookup.formUnion(self.lookup)
    }

    func plan(in plan: inout IngestPlan) -> EventBatchOutcome {
        guard let remaining = cap.remaining(in: plan) else {
            plan.countActivity(batch.rows.count, ErrorCode.planLimit.rawValue, organizationID: organization.id, at: receivedAt)
            return .planLimitReached(cap: cap.limit ?? 0)
        }
        var outcomes: [RowOutcome] = []
        outcomes.reserveCapacity(batch.rows.count)
        // An actor resolves as its first row did; its later rows find what that one attached.
        var resolved: [Result<(String, ActorResolver.Identity), RowError>?] = Array(repeating: nil, count: actors.count)
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
            if let clientID = event.clientID, let first = plan.clientEvent(clientEventKey(clientID)) {
                outcomes.append(RowOutcome(index: index, status: .duplicate, eventID: first.eventID, workerID: first.workerID))
                continue
            }
            guard stored < remaining else {
                outcomes.append(RowOutcome(index: index, status: .rejected, error: cap.rowError))
                continue
            }
            let actor = actorOfRow[index]
            let resolution: Result<(String, ActorResolver.Identity), RowError>
            if let first = resolved[actor] {
                resolution = first.map { ($0.0, .matched) }
            } else {
                resolution = resolver.resolve(actors[actor], in: &plan)
                resolved[actor] = resolution
            }
            switch resolution {
            case .failure(let error):
                outcomes.append(RowOutcome(index: index, status: .rejected, error: error))
            case .success(let (workerID, identity)):
                let record = storedEvent(event, workerID: workerID)
                plan.insert(record, clientID: event.clientID)
                stored += 1
                outcomes.append(
                    RowOutcome(
                        index: index,
                        status: .accepted,
                        eventID: event.id,
                        workerID: workerID,
                        identity: identity,
                        timestampCorrected: event.timestampCorrected
                    )
                )
            }
        }
        cap.count(stored, in: &plan)
        plan.countActivity(stored, "accepted", organizationID: organization.id, at: receivedAt)
        for outcome in outcomes {
            if let error = outcome.error { plan.countActivity(1, error.code.rawValue, organizationID: organization.id, at: receivedAt) }
        }
        return .rows(outcomes)
    }

    private func clientEventKey(_ clientID: String) -> ClientEventKey {
        ClientEventKey(organizationID: organization.id, appID: app.id, clientID: clientID)
    }

    private func storedEvent(_ event: ValidatedEvent, workerID: String) -> StoredEvent {
        StoredEvent(
            id: event.id,
            organizationID: organization.id,
            appID: app.id,
            app: app.slug,
            source: app.source,
            workerID: workerID,
            eventType: event.eventType,
            category: event.category,
            timestamp: event.timestamp,
            receivedAt: receivedAt,
            duration: event.duration,
            metadata: event.metadata,
            timestampCorrected: event.timestampCorrected
        )
    }
}
