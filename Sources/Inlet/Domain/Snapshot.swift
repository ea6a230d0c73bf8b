/// One gauge of a snapshot: a number or short string with an optional unit and label.
public struct Metric: Sendable, Equatable {
    public var name: String
    /// A JSON number or string.
    public var value: JSONValue
    public var unit: String?
    public var label: String?

    public init(name: String, value: JSONValue, unit: String? = nil, label: String? = nil) {
        self.name = name
        self.value = value
        self.unit = unit
        self.label = label
    }

    /// The metric as the wire shape `{"name", "value", "unit"?, "label"?}`.
    public var json: JSONValue {
        .members([("name", .string(name)), ("value", value), ("unit", unit.map(JSONValue.string)), ("label", label.map(JSONValue.string))])
    }

    /// Reads the wire shape back.
    public init?(json: JSONValue) {
        guard let name = json["name"]?.stringValue, let value = json["value"] else { return nil }
        self.init(name: name, value: value, unit: json["unit"]?.stringValue, label: json["label"]?.stringValue)
    }

    /// Metrics as a store keeps them: a JSON array of wire shapes, in order.
    public static func stored(_ metrics: [Metric]) -> String {
        JSONWriter.string(.array(metrics.map(\.json)))
    }

    /// Reads metrics kept by ``stored(_:)``.
    public static func list(fromStored text: String) -> [Metric] {
        guard case .array(let items)? = try? JSONParser.parse(Array(text.utf8)) else { return [] }
        return items.compactMap(Metric.init(json:))
    }
}

/// A snapshot body that passed validation.
public struct ValidatedSnapshot: Sendable, Equatable {
    public var snapshotType: String
    public var actor: Actor
    /// Metrics in the order the client sent them.
    public var metrics: [Metric]
    public var timestamp: Int64
}

/// A stored snapshot as read back for a worker.
public struct SnapshotRecord: Sendable, Equatable {
    public var id: String
    public var app: String
    public var snapshotType: String
    public var metrics: [Metric]
    public var timestamp: Int64
    public var replacedAt: Int64?

    public init(id: String, app: String, snapshotType: String, metrics: [Metric], timestamp: Int64, replacedAt: Int64?) {
        self.id = id
        self.app = app
        self.snapshotType = snapshotType
        self.metrics = metrics
        self.timestamp = timestamp
        self.replacedAt = replacedAt
    }
}
