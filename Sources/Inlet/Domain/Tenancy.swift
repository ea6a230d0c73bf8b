/// A tenant. Nothing of one organization is ever visible to another.
struct Organization: Sendable, Equatable {
    var id: String
    var slug: String
    var name: String
    /// Stored events allowed per UTC calendar month; nil is unlimited.
    var maxEventsPerMonth: Int?
    /// Requests per second allowed per key.
    var keyRps: Int
    /// Requests per second allowed across all the organization's keys.
    var orgRps: Int
    var createdAt: Int64
    /// Days its timeline events, snapshot history and dead letters are kept;
    /// nil keeps them forever.
    var retentionDays: Int?
}

/// A subdivision of an organization for lead scoring; every organization has `unit_default`.
struct OrgUnit: Sendable, Equatable {
    /// The identifier of the unit every organization starts with.
    static let defaultID = "unit_default"

    var id: String
    var organizationID: String
    var name: String
    var createdAt: Int64
}

/// A developer app inside an organization: its events appear as `custom:<slug>`.
struct DeveloperApp: Sendable, Equatable {
    var id: String
    var organizationID: String
    var slug: String
    var name: String
    /// Whitelist of event types: exact names, `prefix.*` patterns, or `*`.
    var eventTypes: [String]
    var createdAt: Int64

    /// The timeline source of this app's events.
    var source: String { "custom:" + slug }

    /// The whitelist as a store keeps it: a JSON array of strings.
    var storedEventTypes: String {
        JSONWriter.string(.array(eventTypes.map(JSONValue.string)))
    }

    /// Reads a whitelist kept as ``storedEventTypes``.
    static func eventTypes(fromStored text: String) -> [String] {
        guard case .array(let items)? = try? JSONParser.parse(Array(text.utf8)) else { return [] }
        return items.compactMap(\.stringValue)
    }
}

/// A stored app key: never the secret, only its bcrypt hash and a lookup prefix.
struct AppKeyRecord: Sendable, Equatable {
    var id: String
    var organizationID: String
    var appID: String
    var unitID: String?
    /// The first characters of the key, shown in listings and used to find candidates.
    var prefix: String
    var hash: String
    var createdAt: Int64
    var lastUsedAt: Int64?
    var revokedAt: Int64?
    /// The unit last made active with the key (`POST /org-units/active`).
    var activeUnitID: String?
}

/// A secret as stored: its id (`key_…` or `adm_…`, safe to show and log), the
/// first characters that find its candidates, its bcrypt hash, and when it was
/// made. The secret itself is shown once and never kept.
struct HashedSecret: Sendable, Equatable {
    var id: String
    var prefix: String
    var hash: String
    var createdAt: Int64
}

/// A stored admin token.
typealias AdminTokenRecord = HashedSecret
