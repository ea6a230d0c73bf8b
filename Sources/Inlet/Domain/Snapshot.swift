/// One gauge of a snapshot: a number or short string with an optional unit and label.
struct Metric: Sendable, Equatable {
    var name: String
    /// A JSON number or string.
    var value: JSONValue
    var unit: String?
    var label: String?

    init(name: String, value: JSONValue, unit: String? = nil, label: String? = nil) {
        self.name = name
        self.value = value
        self.unit = unit
        self.label = label
    }

    /// The metric as the wire shape `{"name", "value", "unit"?, "label"?}`.
    var json: JSONValue {
        .members([("name", .string(name)), ("value", value), ("unit", unit.map(JSONValue.string)), ("label", label.map(JSONValue.string))])
    }

    /// Reads the wire shape back.
    init?(json: JSONValue) {
        guard let name = json["name"]?.stringValue, let value = json["value"] else { return nil }
        self.init(name: name, value: value, unit: json["unit"]?.stringValue, label: json["label"]?.stringValue)
    }

    /// Metrics as a store keeps them: a JSON array of wire shapes, in order.
    static func stored(_ metrics: [Metric]) -> String {
        JSONWriter.string(.array(metrics.map(\.json)))
    }

    /// Reads metrics kept by ``stored(_:)``.
    static func list(fromStored text: String) -> [Metric] {
        guard case .array(let items)? = try? JSONParser.parse(Array(text.utf8)) else { return [] }
        return items.compactMap(Metric.init(json:))
    }
}

/// A snapshot body that passed validation.
struct ValidatedSnapshot: Sendable, Equatable {
    var snapshotType: String
    var actor: Actor
    /// Metrics in the order the client sent them.
    var metrics: [Metric]
    var timestamp: Int64
}

/// A stored snapshot as read back for a worker.
struct SnapshotRecord: Sendable, Equatable {
    var id: String
    var app: String
    var snapshotType: String
    var metrics: [Metric]
    var timestamp: Int64
    var replacedAt: Int64?
}
