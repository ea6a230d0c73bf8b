/// An organization's `maxEventsPerMonth` as the works that store events
/// apply it: the month of their receipt, what is left of it, the count.
struct MonthlyCap: Sendable {
    let month: UsageKey
    /// nil for an organization without a cap.
    let limit: Int?

    init(_ organization: Organization, receivedAt: Int64) {
        month = UsageKey(organizationID: organization.id, month: RFC3339.month(of: receivedAt))
        limit = organization.maxEventsPerMonth
    }

    /// Asks for the month's count when there is a cap to check it against.
    func collect(into lookup: inout IngestLookup) {
        if limit != nil { lookup.months.insert(month) }
    }

    /// How many events the month still takes (`Int.max` without a cap); nil
    /// when the cap is already reached.
    func remaining(in plan: IngestPlan) -> Int? {
        guard let limit else { return .max }
        let used = plan.eventCount(month)
        return used < limit ? limit - used : nil
    }

    /// Counts `stored` events against the month.
    func count(_ stored: Int, in plan: inout IngestPlan) {
        if stored > 0 { plan.addEventCount(stored, to: month, cap: limit) }
    }

    /// The refusal of a row beyond the cap.
    var rowError: RowError {
        RowError(.planLimit, InletError.planLimit(cap: limit ?? 0).message)
    }
}
