import Foundation

/// A lead event for `POST /ingest` or `POST /import/events`: about a lead by
/// its id, or by an alias that finds or creates one.
public struct LeadEvent: Encodable, Sendable, Hashable {
    /// Who the event is about.
    public var lead: LeadReference
    /// The event type, allowed by the key's app whitelist.
    public var eventType: String
    /// When it happened: the time of receipt when absent (an import needs it).
    public var timestamp: Date?
    /// A JSON object the server stores verbatim.
    public var metadata: JSONValue?

    /// A lead event about `lead`.
    public init(lead: LeadReference, eventType: String, timestamp: Date? = nil, metadata: JSONValue? = nil) {
        self.lead = lead
        self.eventType = eventType
        self.timestamp = timestamp
        self.metadata = metadata
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: AnyKey.self)
        switch lead {
        case .id(let id):
            try container.encode(id, forKey: AnyKey("lead_id"))
        case .alias(let kind, let value):
            try container.encode(kind.rawValue, forKey: AnyKey("alias_kind"))
            try container.encode(value, forKey: AnyKey("alias"))
        }
        try container.encode(eventType, forKey: AnyKey("event_type"))
        try container.encodeIfPresent(timestamp, forKey: AnyKey("timestamp"))
        try container.encodeIfPresent(metadata, forKey: AnyKey("metadata"))
    }
}

/// A lead: by id (`wrk_…`), or by an alias.
public enum LeadReference: Sendable, Hashable {
    case id(String)
    case alias(AliasKind, String)

    /// The lead with this email address (case-insensitive).
    public static func email(_ address: String) -> LeadReference { .alias(.email, address) }
}

/// The kinds of alias a lead is known by.
public enum AliasKind: String, Codable, Sendable, CaseIterable {
    case email
    case externalID = "external_id"
    case phone, cookie, social
}

/// The answer to a lead event: stored, to be resolved and scored after.
public struct LeadEventResult: Decodable, Sendable, Hashable {
    /// `accepted`: stored durably.
    public var status: String
    /// The stored event's id (`evt_…`).
    public var eventID: String
    /// The server's id of the request (`req_…`).
    public var requestID: String

    enum CodingKeys: String, CodingKey {
        case status
        case eventID = "eventId"
        case requestID = "requestId"
    }
}

/// The outcome of ``InletClient/importEvents(_:rowsPerChunk:)``, over every chunk.
public struct ImportResult: Sendable, Hashable {
    /// Rows stored.
    public var accepted: Int
    /// Rows refused.
    public var rejected: Int
    /// Refused rows, `index` counting rows from 0 over the whole import.
    public var rejections: [Rejection]
    /// Rows of chunks the server had already stored under the same key (a
    /// resumed import): counted in `accepted` and `rejected` as first answered.
    public var replayedRows: Int

    /// A refused row.
    public struct Rejection: Sendable, Hashable {
        /// The row's position among all rows, from 0.
        public var index: Int
        /// For an NDJSON file, its line (1-based).
        public var line: Int?
        /// Why the row was refused.
        public var error: EventBatchResult.RowError
    }
}

/// One import request's answer.
struct ImportAnswer: Decodable {
    struct Rejection: Decodable {
        var index: Int
        var error: EventBatchResult.RowError
    }

    var accepted: Int
    var rejected: Int
    var rejections: [Rejection]
}
