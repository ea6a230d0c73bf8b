/// One request's part of a group commit, as pure decisions: what it needs
/// read, and what it writes given what was read. Stores never see it; they
/// fetch the group's ``IngestLookup`` and apply the group's ``IngestWrites``.
protocol IngestWork: Sendable {
    /// What the request answers, decided inside the commit.
    associatedtype Outcome: Sendable

    /// Rows the work carries, which bounds the writer's queue.
    var rows: Int { get }

    /// Whether the work queues events for the lead processor, and so waits
    /// while the processor's backlog is over its limit.
    static var queuesLeadEvents: Bool { get }

    /// Adds what the work needs read to the group's lookup.
    func collect(into lookup: inout IngestLookup)

    /// Decides the outcome against `plan` and adds the writes to it. A work
    /// that refuses (an unknown worker, say) must leave `plan` unchanged.
    func plan(in plan: inout IngestPlan) -> Outcome
}

extension IngestWork {
    static var queuesLeadEvents: Bool { false }
}
