import Foundation

/// An event as the timeline shows it (`GET /api/v1/timeline`).
public struct TimelineEvent: Decodable, Sendable, Hashable {
    public var id: String
    public var eventType: String
    public var category: String
    /// `custom:<app>`, `lead-ingest` or `system`.
    public var source: String
    public var app: String?
    public var workerID: String
    public var timestamp: Date
    public var receivedAt: Date
    public var duration: Double?
    /// The metadata as it was sent.
    public var metadata: JSONValue?
    public var timestampCorrected: Bool

    enum CodingKeys: String, CodingKey {
        case id, eventType, category, source, app, timestamp, receivedAt, duration, metadata, timestampCorrected
        case workerID = "workerId"
    }
}

/// Which events ``InletClient/timeline(_:)`` reads.
public struct TimelineQuery: Sendable, Hashable {
    public var from: Date?
    public var to: Date?
    public var workerID: String?
    public var source: String?
    public var eventType: String?
    /// Events per request (1–100).
    public var pageSize: Int?

    public init(
        from: Date? = nil, to: Date? = nil, workerID: String? = nil, source: String? = nil, eventType: String? = nil, pageSize: Int? = nil
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
