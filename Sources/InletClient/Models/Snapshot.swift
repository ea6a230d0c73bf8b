import Foundation

/// A "right now" gauge for `POST /api/v1/ingest/snapshots`: it replaces the
/// person's current snapshot of the same type.
public struct Snapshot: Encodable, Sendable, Hashable {
    public var snapshotType: String
    public var actor: ActorIdentity
    /// 1 to 32 metrics, kept in their order.
    public var metrics: SnapshotMetrics
    /// When it was taken; the time of receipt when absent.
    public var timestamp: Date?

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
    public var entries: [Entry]

    /// One named metric.
    public struct Entry: Sendable, Hashable {
        public var name: String
        public var metric: SnapshotMetric
    }

    public init(dictionaryLiteral elements: (String, SnapshotMetric)...) {
        entries = elements.map { Entry(name: $0.0, metric: $0.1) }
    }

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
    public var value: JSONValue
    public var unit: String?
    public var label: String?

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
    public var id: String
    public var workerID: String
    /// Whether it replaced a current snapshot of the same type.
    public var replaced: Bool
    public var requestID: String

    enum CodingKeys: String, CodingKey {
        case id, replaced
        case workerID = "workerId"
        case requestID = "requestId"
    }
}
