/// Validates the body of `POST /api/v1/ingest/events`: envelope problems throw
/// `invalid_body`, problems inside one event become that row's error.
public struct EventValidator: Sendable {
    /// Most events one request may carry.
    static let maximumBatchSize = 500
    /// Largest serialized metadata, in bytes.
    static let maximumMetadataBytes = 16_384
    /// Deepest metadata nesting; the metadata object itself is depth 1.
    static let maximumMetadataDepth = 16
    /// How far in the future a timestamp may lie, in milliseconds.
    static let maximumFutureSkew: Int64 = 3_600_000
    /// Longest allowed duration, in seconds (365 days).
    static let maximumDuration = 31_536_000.0

    private static let eventFields: Set<String> = ["eventType", "category", "actor", "timestamp", "duration", "metadata", "id"]

    let whitelist: EventTypeWhitelist
    private let ids: any IdentifierGenerator

    /// - Parameter ids: gives each valid event its `evt_…` id.
    public init(whitelist: EventTypeWhitelist, ids: any IdentifierGenerator) {
        self.whitelist = whitelist
        self.ids = ids
    }

    /// Whether `name` is 1–128 characters of `[A-Za-z0-9_.:-]`.
    static func isValidEventType(_ name: String) -> Bool {
        let bytes = name.utf8
        guard (1...128).contains(bytes.count) else { return false }
        return bytes.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: ":"),
                UInt8(ascii: "-"):
                true
            default: false
            }
        }
    }

    /// Validates a whole body received at `receivedAt` (milliseconds).
    public func validate(_ body: JSONValue, receivedAt: Int64) throws(InletError) -> ValidatedBatch {
        guard case .object(let members) = body else { throw .invalidBody("The body must be a JSON object.") }
        if let unknown = members.first(where: { $0.0 != "events" && $0.0 != "sentAt" }) {
            throw .invalidBody("Unknown field '\(unknown.0)'.")
        }
        guard case .array(let events)? = body["events"] else {
            throw .invalidBody("'events' must be an array of 1 to \(Self.maximumBatchSize) events.")
        }
        guard (1...Self.maximumBatchSize).contains(events.count) else {
            throw .invalidBody("'events' must hold 1 to \(Self.maximumBatchSize) events; it has \(events.count).")
        }
        var skew: Int64?
        if let sentAt = body["sentAt"] {
            guard let text = sentAt.stringValue, let sent = RFC3339.parse(text) else {
                throw .invalidBody("'sentAt' must be an RFC 3339 timestamp with an offset.")
            }
            skew = receivedAt - sent
        }
        return ValidatedBatch(rows: events.map { validateRow($0, receivedAt: receivedAt, skew: skew) })
    }

    func validateRow(_ row: JSONValue, receivedAt: Int64, skew: Int64?) -> Result<ValidatedEvent, RowError> {
        guard case .object(let members) = row else { return .failure(RowError(.invalidEvent, "An event must be a JSON object.")) }
        if let unknown = members.first(where: { !Self.eventFields.contains($0.0) }) {
            return .failure(RowError(.invalidEvent, "Unknown field '\(unknown.0)'."))
        }
        guard let eventType = row["eventType"]?.stringValue, Self.isValidEventType(eventType) else {
            return .failure(RowError(.invalidEvent, "'eventType' must be 1-128 characters of [A-Za-z0-9_.:-]."))
        }
        guard let category = row["category"]?.stringValue, TextField.isValid(category, maximumLength: 64) else {
            return .failure(RowError(.invalidEvent, "'category' must be a string of 1-64 characters, without U+0000."))
        }
        guard let actor = Actor(json: row["actor"]) else {
            return .failure(RowError(.invalidActor, "'actor' must be an object with at least one of workerId, externalId, email."))
        }
        var timestamp = receivedAt
        var corrected = false
        if let value = row["timestamp"] {
            guard let text = value.stringValue, let parsed = RFC3339.parse(text) else {
                return .failure(RowError(.invalidTimestamp, "'timestamp' must be RFC 3339 with an offset."))
            }
            timestamp = parsed
            if let skew {
                timestamp += skew
                corrected = true
            }
            guard timestamp <= receivedAt + Self.maximumFutureSkew else {
                return .failure(RowError(.invalidTimestamp, "'timestamp' is more than 1 h in the future."))
            }
            guard timestamp >= 0 else {
                return .failure(RowError(.invalidTimestamp, "'timestamp' is before 1970-01-01T00:00:00Z."))
            }
        }
        var duration: Double?
        if let value = row["duration"] {
            guard let seconds = value.doubleValue, seconds >= 0, seconds <= Self.maximumDuration else {
                return .failure(RowError(.invalidEvent, "'duration' must be a number of seconds from 0 to 31536000."))
            }
            duration = seconds
        }
        var metadata: String?
        if let value = row["metadata"] {
            switch Self.serializedMetadata(value) {
            case .success(let serialized): metadata = serialized
            case .failure(let error): return .failure(error)
            }
        }
        var clientID: String?
        if let value = row["id"] {
            guard let text = value.stringValue, TextField.isValid(text, maximumLength: 128) else {
                return .failure(RowError(.invalidEvent, "'id' must be a string of 1-128 characters, without U+0000."))
            }
            clientID = text
        }
        guard whitelist.allows(eventType) else {
            return .failure(RowError(.forbiddenEventType, "eventType '\(eventType)' is not in this app's whitelist."))
        }
        return .success(
            ValidatedEvent(
                id: ids.make(.event),
                clientID: clientID,
                eventType: eventType,
                category: category,
                actor: actor,
                timestamp: timestamp,
                timestampCorrected: corrected,
                duration: duration,
                metadata: metadata
            )
        )
    }

    /// A `metadata` value as stored: a JSON object nested at most
    /// ``maximumMetadataDepth`` deep and serialized in at most
    /// ``maximumMetadataBytes``.
    static func serializedMetadata(_ value: JSONValue) -> Result<String, RowError> {
        guard case .object = value else { return .failure(RowError(.invalidEvent, "'metadata' must be a JSON object.")) }
        guard value.depth <= maximumMetadataDepth else {
            return .failure(RowError(.invalidEvent, "'metadata' is nested deeper than \(maximumMetadataDepth)."))
        }
        let serialized = JSONWriter.bytes(value)
        guard serialized.count <= maximumMetadataBytes else {
            return .failure(RowError(.metadataTooLarge, "'metadata' is \(serialized.count) bytes; the limit is \(maximumMetadataBytes)."))
        }
        return .success(String(decoding: serialized, as: UTF8.self))
    }
}
