/// The wire shapes of the admin API's resources.
enum AdminResponses {
    static func organization(_ organization: Organization) -> JSONValue {
        .object([
            ("id", .string(organization.id)), ("slug", .string(organization.slug)), ("name", .string(organization.name)),
            ("maxEventsPerMonth", organization.maxEventsPerMonth.map(JSONValue.int) ?? .null),
            ("keyRps", .int(organization.keyRps)), ("orgRps", .int(organization.orgRps)),
            ("createdAt", .string(RFC3339.format(organization.createdAt))),
        ])
    }

    static func unit(_ unit: OrgUnit) -> JSONValue {
        .object([
            ("id", .string(unit.id)), ("organizationId", .string(unit.organizationID)), ("name", .string(unit.name)),
            ("createdAt", .string(RFC3339.format(unit.createdAt))),
        ])
    }

    static func app(_ app: DeveloperApp) -> JSONValue {
        .object([
            ("id", .string(app.id)), ("organizationId", .string(app.organizationID)), ("slug", .string(app.slug)),
            ("name", .string(app.name)), ("eventTypes", .array(app.eventTypes.map(JSONValue.string))),
            ("source", .string(app.source)), ("createdAt", .string(RFC3339.format(app.createdAt))),
        ])
    }

    static func key(_ key: AppKeyRecord, app: String, secret: String? = nil) -> JSONValue {
        .members([
            ("id", .string(key.id)), ("key", secret.map(JSONValue.string)), ("prefix", .string(key.prefix)),
            ("app", .string(app)), ("unit", key.unitID.json), ("createdAt", .string(RFC3339.format(key.createdAt))),
            ("lastUsedAt", key.lastUsedAt.map { .string(RFC3339.format($0)) } ?? .null),
            ("revoked", .bool(key.revokedAt != nil)),
            ("revokedAt", key.revokedAt.map { .string(RFC3339.format($0)) } ?? .null),
        ])
    }

    /// A stream; with `secret`, its key, shown this once.
    static func stream(_ stream: DataStream, secret: String? = nil) -> JSONValue {
        .members([
            ("id", .string(stream.id)), ("organizationId", .string(stream.organizationID)), ("name", .string(stream.name)),
            ("itemKey", stream.itemKey.json), ("keyId", .string(stream.key.id)), ("key", secret.map(JSONValue.string)),
            ("keyPrefix", .string(stream.key.prefix)), ("keyCreatedAt", .string(RFC3339.format(stream.key.createdAt))),
            ("createdAt", .string(RFC3339.format(stream.createdAt))),
        ])
    }

    static func ruleset(_ ruleset: Ruleset) -> JSONValue {
        .object([
            ("id", .string(ruleset.id)), ("organizationId", .string(ruleset.organizationID)), ("name", .string(ruleset.name)),
            ("unit", ruleset.unitID.json), ("active", .bool(ruleset.active)), ("windowDays", ruleset.windowDays.map(JSONValue.int) ?? .null),
            ("rules", RulesetJSON.json(ruleset.rules)), ("milestones", RulesetJSON.json(ruleset.milestones)),
            ("sequences", RulesetJSON.json(ruleset.sequences)), ("createdAt", .string(RFC3339.format(ruleset.createdAt))),
            ("updatedAt", .string(RFC3339.format(ruleset.updatedAt))),
        ])
    }

    static func list(_ items: [JSONValue]) -> JSONValue {
        ReadResponses.page(items, nextCursor: nil)
    }
}
