/// What became of the rows of a lead ingest.
enum LeadIngestOutcome: Sendable, Equatable {
    /// The organization's monthly cap was already reached: nothing was stored.
    case planLimitReached(cap: Int)
    /// Each row in index order: the id of the event stored for processing, or why it was refused.
    case rows([Result<String, RowError>])
}

/// Stores validated lead events for the lead processor (`POST /ingest`,
/// `POST /import/events`), counting them against the monthly cap, in
/// timestamp order. Nothing is resolved here: whose events they are is
/// decided when they are processed.
struct LeadIngestWork: IngestWork {
    static let queuesLeadEvents = true
    let organization: Organization
    let app: DeveloperApp
    let unitID: String
    let route: LeadRoute
    let events: [Result<LeadEvent, RowError>]
    let receivedAt: Int64

    var rows: Int { events.count }

    private var cap: MonthlyCap { MonthlyCap(organization, receivedAt: receivedAt) }

    func collect(into lookup: inout IngestLookup) {
        cap.collect(into: &lookup)
    }

    func plan(in plan: inout IngestPlan) -> LeadIngestOutcome {
        let cap = self.cap
        guard let remaining = cap.remaining(in: plan) else {
            plan.countActivity(events.count, ErrorCode.planLimit.rawValue, organizationID: organization.id, at: receivedAt)
            return .planLimitReached(cap: cap.limit ?? 0)
        }
        var accepted: [LeadEvent] = []
        let outcomes = events.map { row -> Result<String, RowError> in
            guard case .success(let event) = row else { return row.map(\.id) }
            guard accepted.count < remaining else { return .failure(cap.rowError) }
            accepted.append(event)
            return .success(event.id)
        }
        // Queued in timestamp order (ties in row order), the order the processor scores them in.
        for event in accepted.enumerated().sorted(by: { ($0.element.timestamp, $0.offset) < ($1.element.timestamp, $1.offset) }).map(\.element) {
            plan.enqueue(
                QueuedLeadEvent(
                    organizationID: organization.id,
                    route: route,
                    appID: app.id,
                    app: app.slug,
                    unitID: unitID,
                    event: event,
                    receivedAt: receivedAt
                )
            )
        }
        cap.count(accepted.count, in: &plan)
        plan.countActivity(accepted.count, "accepted", organizationID: organization.id, at: receivedAt)
        for case .failure(let error) in outcomes {
            plan.countActivity(1, error.code.rawValue, organizationID: organization.id, at: receivedAt)
        }
        return .rows(outcomes)
    }
}
