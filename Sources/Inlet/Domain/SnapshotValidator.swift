/// Validates the body of `POST /api/v1/ingest/snapshots`.
enum SnapshotValidator {
    /// Most metrics one snapshot may carry.
    static let maximumMetrics = 32
    /// Longest string metric value.
    static let maximumStringLength = 256

    private static let fields: Set<String> = ["snapshotType", "actor", "metrics", "timestamp"]

    /// Validates `body` received at `receivedAt`; throws `invalid_body` or `invalid_actor`.
    static func validate(_ body: JSONValue, receivedAt: Int64) throws(InletError) -> ValidatedSnapshot {
        guard case .object(let members) = body else { throw .invalidBody("The body must be a JSON object.") }
        if let unknown = members.first(where: { !fields.contains($0.0) }) {
            throw .invalidBody("Unknown field '\(unknown.0)'.")
        }
        guard let snapshotType = body["snapshotType"]?.stringValue, EventValidator.isValidEventType(snapshotType) else {
            throw .invalidBody("'snapshotType' must be 1-128 characters of [A-Za-z0-9_.:-].")
        }
        guard case .object(let entries)? = body["metrics"], (1...maximumMetrics).contains(entries.count) else {
            throw .invalidBody("'metrics' must be an object with 1 to \(maximumMetrics) entries.")
        }
        var metrics: [Metric] = []
        for (name, value) in entries {
            guard !name.isEmpty, name.unicodeScalars.count <= 128, let metric = metric(named: name, value) else {
                throw .invalidBody(
                    "Metric '\(name.prefix(128))' must be a number, a string of at most 256 characters, or {\"value\", \"unit\"?, \"label\"?}."
                )
            }
            metrics.append(metric)
        }
        guard let actor = Actor(json: body["actor"]) else {
            throw InletError(.invalidActor, "'actor' must be an object with at least one of workerId, externalId, email.")
        }
        var timestamp = receivedAt
        if let value = body["timestamp"] {
            guard let text = value.stringValue, let parsed = RFC3339.parse(text),
                parsed >= 0, parsed <= receivedAt + EventValidator.maximumFutureSkew
            else {
                throw .invalidBody("'timestamp' must be RFC 3339 with an offset, from 1970 to at most 1 h in the future.")
            }
            timestamp = parsed
        }
        return ValidatedSnapshot(snapshotType: snapshotType, actor: actor, metrics: metrics, timestamp: timestamp)
    }

    private static func metric(named name: String, _ value: JSONValue) -> Metric? {
        switch value {
        case .number:
            return Metric(name: name, value: value)
        case .string(let text) where text.unicodeScalars.count <= maximumStringLength:
            return Metric(name: name, value: value)
        case .object(let members):
            guard members.allSatisfy({ ["value", "unit", "label"].contains($0.0) }), let inner = value["value"] else { return nil }
            switch inner {
            case .number: break
            case .string(let text) where text.unicodeScalars.count <= maximumStringLength: break
            default: return nil
            }
            var unit: String?
            var label: String?
            if let field = value["unit"] {
                guard let text = field.stringValue, text.unicodeScalars.count <= 64 else { return nil }
                unit = text
            }
            if let field = value["label"] {
                guard let text = field.stringValue, text.unicodeScalars.count <= 128 else { return nil }
                label = text
            }
            return Metric(name: name, value: inner, unit: unit, label: label)
        default:
            return nil
        }
    }
}
