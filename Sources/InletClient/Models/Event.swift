import Foundation

/// An event for `POST /api/v1/ingest/events`: something that happened to a
/// person at a point in time.
public struct Event: Codable, Sendable, Hashable {
    /// 1–128 characters of `[A-Za-z0-9_.:-]`, allowed by the app's whitelist.
    public var eventType: String
    /// 1–64 characters.
    public var category: String
    /// Who the event is about.
    public var actor: ActorIdentity
    /// When it happened; the time of receipt when absent.
    public var timestamp: Date?
    /// Seconds, 0 to 31 536 000.
    public var duration: Double?
    /// A JSON object the server stores and returns verbatim.
    public var metadata: JSONValue?
    /// The client's id of the event: a second event with the same id from the
    /// same app is reported as `duplicate` and not stored again.
    public var id: String?

    /// An event; `timestamp` defaults to the time of receipt.
    public init(
        eventType: String,
        category: String,
        actor: ActorIdentity,
        timestamp: Date? = nil,
        duration: Double? = nil,
        metadata: JSONValue? = nil,
        id: String? = nil
    ) {
        self.eventType = eventType
        self.category = category
        self.actor = actor
        self.timestamp = timestamp
        self.duration = duration
        self.metadata = metadata
        self.id = id
    }
}

/// The person an event or snapshot is about (its `actor`), by at least one identifier.
public struct ActorIdentity: Codable, Sendable, Hashable {
    /// A worker id (`wrk_…`) of the organization.
    public var workerID: String?
    /// The app's own id for the person.
    public var externalID: String?
    /// The person's email address (matched case-insensitively).
    public var email: String?

    /// A person by any of their identifiers; give at least one.
    public init(workerID: String? = nil, externalID: String? = nil, email: String? = nil) {
        self.workerID = workerID
        self.externalID = externalID
        self.email = email
    }

    /// The person with the app's own id `id`.
    public static func externalID(_ id: String) -> ActorIdentity { ActorIdentity(externalID: id) }

    /// The person with this email address.
    public static func email(_ address: String) -> ActorIdentity { ActorIdentity(email: address) }

    /// The worker `id`.
    public static func workerID(_ id: String) -> ActorIdentity { ActorIdentity(workerID: id) }

    enum CodingKeys: String, CodingKey {
        case workerID = "workerId"
        case externalID = "externalId"
        case email
    }
}
