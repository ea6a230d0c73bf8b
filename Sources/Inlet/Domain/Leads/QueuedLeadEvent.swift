/// An event stored at the door and waiting for the lead processor: a lead
/// event of `/ingest` or `/import/events`, whose person is still to be
/// resolved, or a v1 event, already on the timeline, still to be scored.
struct QueuedLeadEvent: Sendable, Equatable {
    /// The queue's order; 0 until stored.
    var sequence: Int64 = 0
    var organizationID: String
    /// The route that accepted it, as dead letters show it.
    var route: LeadRoute
    /// The app whose key sent it.
    var appID: String
    var app: String
    /// The unit it was sent under; nil for v1 events.
    var unitID: String?
    var event: LeadEvent
    var receivedAt: Int64
    /// The dead letter this event is a replay of, if it is one.
    var deadLetterID: String?
}

/// The routes whose events the lead processor takes.
enum LeadRoute: String, Sendable {
    case ingest = "/ingest"
    case importEvents = "/import/events"
    case events = "/api/v1/ingest/events"
}

extension LeadEvent.Subject {
    /// The stored form: `worker` or `lead` with the id, or the alias kind with its value.
    var stored: (kind: String, value: String) {
        switch self {
        case .worker(let id): ("worker", id)
        case .lead(let id): ("lead", id)
        case .alias(let alias): (alias.kind.rawValue, alias.value)
        }
    }

    /// Reads the stored form; throws ``StoreError/corrupt`` for an unknown kind.
    init(storedKind kind: String, value: String) throws {
        switch kind {
        case "worker": self = .worker(value)
        case "lead": self = .lead(value)
        default:
            guard let aliasKind = LeadAlias.Kind(rawValue: kind) else { throw StoreError.corrupt("queued event subject") }
            self = .alias(LeadAlias(kind: aliasKind, value: value))
        }
    }
}
