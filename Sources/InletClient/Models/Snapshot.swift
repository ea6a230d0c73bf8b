import Foundation

/// A "right now" gauge for `POST /api/v1/ingest/snapshots`: it replaces the
/// person's current snapshot of the same type.
public struct Snapshot: Encodable, Sendable, Hashable {
    /// The gauge's type, as `tickets_open`.
    public var snapshotType: String
    /// Who the snapshot is about.
    public var actor: ActorIdentity
    /// 1 to 32 metrics, kept in their order.
    public var metrics: SnapshotMetrics
    /// When it was taken; the time of receipt when absent.
    public var timestamp: Date?

    /// A snapshot; `timestamp` defaults to the time of receipt.
    public init(snapshotType: String, actor: ActorIdentity, metrics: SnapshotMetrics, timestamp: Date? = nil) {
        self.snapshotType = snapshotType
        self.actor = actor
        self.metrics = metrics
        self.timestamp = timestamp
    }
}

/// A snapshot's metrics by name, in the order written:
/// `["tickets_open": 7, "sla": .init(value: 0.92, unit: "ratio", label: "SLA")]`.
public struct SnapshotMetrics: Encodable, Sendable, Hashable, ExpressibleByDictionaryLiteral {
    /// The metrics, in order.
    public var entries: [Entry]

    /// One named metric.
    public struct Entry: Sendable, Hashable {
        /// The metric's name.
        public var name: String
        /// Its value, unit and label.
        public var metric: SnapshotMetric
    }

    public init(dictionaryLiteral elements: (String, SnapshotMetric)...) {
        entries = elements.map { Entry(name: $0.0, metric: $0.1) }
    }

    /// Metrics from entries, in their order.
    public init(_ entries: [Entry]) {
        self.entries = entries
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: AnyKey.self)
        for entry in entries { try container.encode(entry.metric, forKey: AnyKey(entry.name)) }
    }
}

/// A metric's value (a number, or a string of at most 256 characters), with an
/// optional unit and label.
public struct SnapshotMetric: Encodable, Sendable, Hashable, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByStringLiteral
{
    /// A number, or a string of at most 256 characters.
    public var value: JSONValue
    /// The unit, as `ratio`.
    public var unit: String?
    /// A label for people, as `SLA`.
    public var label: String?

    /// A metric with its unit and label.
    public init(value: JSONValue, unit: String? = nil, label: String? = nil) {
        self.value = value
        self.unit = unit
        self.label = label
    }

    public init(integerLiteral value: Int64) { self.init(value: .integer(value)) }
    public init(floatLiteral value: Double) { self.init(value: .number(value)) }
    public init(stringLiteral value: String) { self.init(value: .string(value)) }

    public func encode(to encoder: any Encoder) throws {
        guard unit != nil || label != nil else { return try value.encode(to: encoder) }
        var container = encoder.container(keyedBy: AnyKey.self)
        try container.encode(value, forKey: AnyKey("value"))
        try container.encodeIfPresent(unit, forKey: AnyKey("unit"))
        try container.encodeIfPresent(label, forKey: AnyKey("label"))
    }
}

/// The answer to a snapshot.
public struct SnapshotResult: Decodable, Sendable, Hashable {
    /// The stored snapshot's id (`snp_…`).
    public var id: String
    /// The person it was resolved to.
    public var workerID: String
    /// Whether it replaced a current snapshot of the same type.
    public var replaced: Bool
    /// The server's id of the request (`req_…`).
    public var requestID: String

    enum CodingKeys: String, CodingKey {
        case id, replaced
        case workerID = "workerId"
        case requestID = "requestId"
    }
}
