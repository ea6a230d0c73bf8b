/// An event accepted at the door and refused when processed, kept with the
/// reason until a replay processes it.
struct DeadLetter: Sendable, Equatable {
    /// Why processing refused an event.
    struct Reason: Sendable, Equatable {
        /// The reason codes, by which the listing filters.
        static let unknownLead = "unknown_lead"

        var code: String
        var message: String
    }

    /// `dlq_…`
    var id: String
    /// The event as it was queued, to be queued again by a replay.
    var queued: QueuedLeadEvent
    var reason: Reason
    /// When processing last refused it.
    var failedAt: Int64

    /// The row as it was sent, rebuilt from what was stored.
    var payload: JSONValue {
        let event = queued.event
        var members: [(String, JSONValue)] = []
        switch event.subject {
        case .lead(let id): members.append(("lead_id", .string(id)))
        case .alias(let alias): members += [("alias_kind", .string(alias.kind.rawValue)), ("alias", .string(alias.value))]
        case .worker(let id): members.append(("worker_id", .string(id)))
        }
        members += [("event_type", .string(event.eventType)), ("timestamp", .string(RFC3339.format(event.timestamp)))]
        if let metadata = event.metadata, let parsed = try? JSONParser.parse(Array(metadata.utf8)) {
            members.append(("metadata", parsed))
        }
        return .object(members)
    }
}
