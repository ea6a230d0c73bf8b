/// A tenant. Nothing of one organization is ever visible to another.
public struct Organization: Sendable, Equatable {
    public var id: String
    public var slug: String
    public var name: String
    /// Stored events allowed per UTC calendar month; nil is unlimited.
    public var maxEventsPerMonth: Int?
    /// Requests per second allowed per key.
    public var keyRps: Int
    /// Requests per second allowed across all the organization's keys.
    public var orgRps: Int
    public var createdAt: Int64

    public init(id: String, slug: String, name: String, maxEventsPerMonth: Int?, keyRps: Int, orgRps: Int, createdAt: Int64) {
        self.id = id
        self.slug = slug
        self.name = name
        self.maxEventsPerMonth = maxEventsPerMonth
        self.keyRps = keyRps
        self.orgRps = orgRps
        self.createdAt = createdAt
    }
}

/// A subdivision of an organization for lead scoring; every organization has `unit_default`.
public struct OrgUnit: Sendable, Equatable {
    /// The identifier of the unit every organization starts with.
    public static let defaultID = "unit_default"

    public var id: String
    public var organizationID: String
    public var name: String
    public var createdAt: Int64

    public init(id: String, organizationID: String, name: String, createdAt: Int64) {
        self.id = id
        self.organizationID = organizationID
        self.name = name
        self.createdAt = createdAt
    }
}

/// A developer app inside an organization: its events appear as `custom:<slug>`.
public struct DeveloperApp: Sendable, Equatable {
    public var id: String
    public var organizationID: String
    public var slug: String
    public var name: String
    /// Whitelist of event types: exact names, `prefix.*` patterns, or `*`.
    public var eventTypes: [String]
    public var createdAt: Int64

    public init(id: String, organizationID: String, slug: String, name: String, eventTypes: [String], createdAt: Int64) {
        self.id = id
        self.organizationID = organizationID
        self.slug = slug
        self.name = name
        self.eventTypes = eventTypes
        self.createdAt = createdAt
    }

    /// The timeline source of this app's events.
    public var source: String { "custom:" + slug }

    /// The whitelist as a store keeps it: a JSON array of strings.
    public var storedEventTypes: String {
        JSONWriter.string(.array(eventTypes.map(JSONValue.string)))
    }

    /// Reads a whitelist kept as ``storedEventTypes``.
    public static func eventTypes(fromStored text: String) -> [String] {
        guard case .array(let items)? = try? JSONParser.parse(Array(text.utf8)) else { return [] }
        return items.compactMap(\.stringValue)
    }
}

/// A stored app key: never the secret, only its bcrypt hash and a lookup prefix.
public struct AppKeyRecord: Sendable, Equatable {
    public var id: String
    public var organizationID: String
    public var appID: String
    public var unitID: String?
    /// The first characters of the key, shown in listings and used to find candidates.
    public var prefix: String
    public var hash: String
    public var createdAt: Int64
    public var lastUsedAt: Int64?
    public var revokedAt: Int64?
    /// The unit last made active with the key (`POST /org-units/active`).
    public var activeUnitID: String?

    public init(
        id: String, organizationID: String, appID: String, unitID: String?, prefix: String, hash: String,
        createdAt: Int64, lastUsedAt: Int64? = nil, revokedAt: Int64? = nil, activeUnitID: String? = nil
    ) {
        self.id = id
        self.organizationID = organizationID
        self.appID = appID
        self.unitID = unitID
        self.prefix = prefix
        self.hash = hash
        self.createdAt = createdAt
        self.lastUsedAt = lastUsedAt
        self.revokedAt = revokedAt
        self.activeUnitID = activeUnitID
    }
}

/// A secret as stored: its id (`key_…` or `adm_…`, safe to show and log), the
/// first characters that find its candidates, its bcrypt hash, and when it was
/// made. The secret itself is shown once and never kept.
public struct HashedSecret: Sendable, Equatable {
    public var id: String
    public var prefix: String
    public var hash: String
    public var createdAt: Int64

    public init(id: String, prefix: String, hash: String, createdAt: Int64) {
        self.id = id
        self.prefix = prefix
        self.hash = hash
        self.createdAt = createdAt
    }
}

/// A stored admin token.
public typealias AdminTokenRecord = HashedSecret
