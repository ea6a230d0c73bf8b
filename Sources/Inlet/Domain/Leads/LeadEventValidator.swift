/// Validates one lead event: `lead_id`, or `alias_kind` with `alias`;
/// `event_type`; `timestamp` (RFC 3339; required in imports, else the time
/// received); `metadata` (an object, as on the v1 routes). The unit comes from
/// the authentication context, so a `unit_id` is refused.
struct LeadEventValidator: Sendable {
    private static let fields: Set<String> = ["lead_id", "alias_kind", "alias", "event_type", "timestamp", "metadata"]
    /// Longest lead id or alias value, in characters.
    static let maximumAliasLength = 256

    let whitelist: EventTypeWhitelist
    /// Whether a row must carry its `timestamp` (imports).
    let requiresTimestamp: Bool
    private let ids: any IdentifierGenerator

    init(whitelist: EventTypeWhitelist, requiresTimestamp: Bool, ids: any IdentifierGenerator) {
        self.whitelist = whitelist
        self.requiresTimestamp = requiresTimestamp
        self.ids = ids
    }

    func validate(_ row: JSONValue, receivedAt: Int64) -> Result<LeadEvent, RowError> {
        guard case .object(let members) = row else { return .failure(RowError(.invalidEvent, "An event must be a JSON object.")) }
        if members.contains(where: { $0.0 == "unit_id" }) {
            return .failure(RowError(.invalidEvent, "'unit_id' is not taken: the unit comes from the authentication context."))
        }
        if let unknown = members.first(where: { !Self.fields.contains($0.0) }) {
            return .failure(RowError(.invalidEvent, "Unknown field '\(unknown.0.prefix(64))'."))
        }
        let subject: LeadEvent.Subject
        switch Self.subject(of: row) {
        case .success(let found): subject = found
        case .failure(let error): return .failure(error)
        }
        guard let eventType = row["event_type"]?.stringValue, EventValidator.isValidEventType(eventType) else {
            return .failure(RowError(.invalidEvent, "'event_type' is required: 1-128 characters of [A-Za-z0-9_.:-]."))
        }
        var timestamp = receivedAt
        if let value = row["timestamp"] {
            guard let text = value.stringValue, let parsed = RFC3339.parse(text) else {
                return .failure(RowError(.invalidTimestamp, "'timestamp' must be RFC 3339 with an offset."))
            }
            guard parsed >= 0, parsed <= receivedAt + EventValidator.maximumFutureSkew else {
                return .failure(RowError(.invalidTimestamp, "'timestamp' must lie between 1970 and 1 h from now."))
            }
            timestamp = parsed
        } else if requiresTimestamp {
            return .failure(RowError(.invalidTimestamp, "'timestamp' is required in an import."))
        }
        var metadata: String?
        if let value = row["metadata"] {
            switch EventValidator.serializedMetadata(value) {
            case .success(let serialized): metadata = serialized
            case .failure(let error): return .failure(error)
            }
        }
        guard whitelist.allows(eventType) else {
            return .failure(RowError(.forbiddenEventType, "event_type '\(eventType)' is not in this app's whitelist."))
        }
        return .success(LeadEvent(id: ids.make(.event), subject: subject, eventType: eventType, timestamp: timestamp, metadata: metadata))
    }

    private static func subject(of row: JSONValue) -> Result<LeadEvent.Subject, RowError> {
        func text(_ name: String) -> String?? {
            guard let value = row[name] else { return .some(nil) }
            guard let text = value.stringValue, TextField.isValid(text, maximumLength: maximumAliasLength) else { return nil }
            return .some(text)
        }
        guard let leadID = text("lead_id"), let kindName = text("alias_kind"), let alias = text("alias") else {
            return .failure(
                RowError(.invalidEvent, "'lead_id', 'alias_kind' and 'alias' must be strings of 1-\(maximumAliasLength) characters.")
            )
        }
        switch (leadID, kindName, alias) {
        case (let leadID?, nil, nil):
            return .success(.lead(leadID))
        case (nil, let kindName?, let alias?):
            guard let kind = LeadAlias.Kind(rawValue: kindName) else {
                let kinds = LeadAlias.Kind.allCases.map(\.rawValue).joined(separator: ", ")
                return .failure(RowError(.invalidEvent, "'alias_kind' must be one of \(kinds)."))
            }
            return .success(.alias(LeadAlias(kind: kind, value: alias)))
        default:
            return .failure(RowError(.invalidEvent, "Give 'lead_id', or 'alias_kind' with 'alias'."))
        }
    }
}
