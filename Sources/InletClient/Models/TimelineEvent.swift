import Foundation

/// An event as the timeline shows it (`GET /api/v1/timeline`).
public struct TimelineEvent: Decodable, Sendable, Hashable {
    /// The event's id (`evt_…`).
    public var id: String
    /// The event type.
    public var eventType: String
    /// The event's category.
    public var category: String
    /// `custom:<app>`, `lead-ingest` or `system`.
    public var source: String
    /// The app whose key sent it, if one did.
    public var app: String?
    /// The person it is about.
    public var workerID: String
    /// When it happened.
    public var timestamp: Date
    /// When the server received it.
    public var receivedAt: Date
    /// Seconds, when given.
    public var duration: Double?
    /// The metadata as it was sent.
    public var metadata: JSONValue?
    /// Whether `sentAt` corrected its timestamp for clock skew.
    public var timestampCorrected: Bool

    enum CodingKeys: String, CodingKey {
        case id, eventType, category, source, app, timestamp, receivedAt, duration, metadata, timestampCorrected
        case workerID = "workerId"
    }
}

/// Which events ``InletClient/timeline(_:)`` reads.
public struct TimelineQuery: Sendable, Hashable {
    /// Events at or after this time only.
    public var from: Date?
    /// Events before this time only.
    public var to: Date?
    /// One person's events only.
    public var workerID: String?
    /// One source's events only (`custom:<app>`, `lead-ingest`, `system`).
    public var source: String?
    /// One event type's events only.
    public var eventType: String?
    /// Events per request (1–100).
    public var pageSize: Int?

    /// A query; every filter is optional.
    public init(
        from: Date? = nil,
        to: Date? = nil,
        workerID: String? = nil,
        source: String? = nil,
        eventType: String? = nil,
        pageSize: Int? = nil
    ) {
        self.from = from
        self.to = to
        self.workerID = workerID
        self.source = source
        self.eventType = eventType
        self.pageSize = pageSize
    }

    var queryItems: [URLQueryItem] {
        [
            from.map { URLQueryItem(name: "from", value: OrderedJSONEncoder.timestamp($0)) },
            to.map { URLQueryItem(name: "to", value: OrderedJSONEncoder.timestamp($0)) },
            workerID.map { URLQueryItem(name: "workerId", value: $0) },
            source.map { URLQueryItem(name: "source", value: $0) },
            eventType.map { URLQueryItem(name: "eventType", value: $0) },
            pageSize.map { URLQueryItem(name: "limit", value: String($0)) },
        ].compactMap { $0 }
    }
}
