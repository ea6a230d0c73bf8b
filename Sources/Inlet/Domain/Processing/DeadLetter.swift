/// An event accepted at the door and refused when processed, kept with the
/// reason until a replay processes it.
public struct DeadLetter: Sendable, Equatable {
    /// Why processing refused an event.
    public struct Reason: Sendable, Equatable {
        /// The reason codes, by which the listing filters.
        public static let unknownLead = "unknown_lead"

        public var code: String
        public var message: String

        public init(code: String, message: String) {
            self.code = code
            self.message = message
        }
    }

    /// `dlq_…`
    public var id: String
    /// The event as it was queued, to be queued again by a replay.
    public var queued: QueuedLeadEvent
    public var reason: Reason
    /// When processing last refused it.
    public var failedAt: Int64

    public init(id: String, queued: QueuedLeadEvent, reason: Reason, failedAt: Int64) {
        self.id = id
        self.queued = queued
        self.reason = reason
        self.failedAt = failedAt
    }

    /// The row as it was sent, rebuilt from what was stored.
    public var payload: JSONValue {
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
