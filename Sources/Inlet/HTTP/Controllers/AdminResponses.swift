/// The wire shapes of the admin API's resources, which the `inlet` admin
/// subcommands print as well; members are written in the order declared.
enum AdminResponses {
    struct Organization: Encodable {
        var id: String
        var slug: String
        var name: String
        var maxEventsPerMonth: Int?
        var keyRps: Int
        var orgRps: Int
        var retentionDays: Int?
        var createdAt: String

        init(_ organization: Inlet.Organization) {
            id = organization.id
            slug = organization.slug
            name = organization.name
            maxEventsPerMonth = organization.maxEventsPerMonth
            keyRps = organization.keyRps
            orgRps = organization.orgRps
            retentionDays = organization.retentionDays
            createdAt = RFC3339.format(organization.createdAt)
        }
    }

    struct Unit: Encodable {
        var id: String
        var organizationId: String
        var name: String
        var createdAt: String

        init(_ unit: OrgUnit) {
            id = unit.id
            organizationId = unit.organizationID
            name = unit.name
            createdAt = RFC3339.format(unit.createdAt)
        }
    }

    struct App: Encodable {
        var id: String
        var organizationId: String
        var slug: String
        var name: String
        var eventTypes: [String]
        var source: String
        var createdAt: String

        init(_ app: DeveloperApp) {
            id = app.id
            organizationId = app.organizationID
            slug = app.slug
            name = app.name
            eventTypes = app.eventTypes
            source = app.source
            createdAt = RFC3339.format(app.createdAt)
        }
    }

    /// An app key; with `secret`, the key itself, shown this once.
    struct Key: Encodable {
        var id: String
        var key: Omissible<String>
        var prefix: String
        var app: String
        var unit: String?
        var createdAt: String
        var lastUsedAt: String?
        var revoked: Bool
        var revokedAt: String?

        init(_ key: AppKeyRecord, app: String, secret: String? = nil) {
            id = key.id
            self.key = Omissible(secret)
            prefix = key.prefix
            self.app = app
            unit = key.unitID
            createdAt = RFC3339.format(key.createdAt)
            lastUsedAt = key.lastUsedAt.map(RFC3339.format)
            revoked = key.revokedAt != nil
            revokedAt = key.revokedAt.map(RFC3339.format)
        }
    }

    /// A stream; with `secret`, its key, shown this once.
    struct Stream: Encodable {
        var id: String
        var organizationId: String
        var name: String
        var itemKey: String?
        var keyId: String
        var key: Omissible<String>
        var keyPrefix: String
        var keyCreatedAt: String
        var retentionDays: Int?
        /// The scheme of signed requests the stream takes; never its secret.
        var signature: Signature?
        var createdAt: String

        struct Signature: Encodable {
            var scheme: String
        }

        init(_ stream: DataStream, secret: String? = nil) {
            id = stream.id
            organizationId = stream.organizationID
            name = stream.name
            itemKey = stream.itemKey
            keyId = stream.key.id
            key = Omissible(secret)
            keyPrefix = stream.key.prefix
            keyCreatedAt = RFC3339.format(stream.key.createdAt)
            retentionDays = stream.retentionDays
            signature = stream.signature.map { Signature(scheme: $0.scheme.rawValue) }
            createdAt = RFC3339.format(stream.createdAt)
        }
    }

    struct Ruleset: Encodable {
        var id: String
        var organizationId: String
        var name: String
        var unit: String?
        var active: Bool
        var windowDays: Int?
        var rules: JSONValue
        var milestones: JSONValue
        var sequences: JSONValue
        var createdAt: String
        var updatedAt: String

        init(_ ruleset: Inlet.Ruleset) {
            id = ruleset.id
            organizationId = ruleset.organizationID
            name = ruleset.name
            unit = ruleset.unitID
            active = ruleset.active
            windowDays = ruleset.windowDays
            rules = RulesetJSON.json(ruleset.rules)
            milestones = RulesetJSON.json(ruleset.milestones)
            sequences = RulesetJSON.json(ruleset.sequences)
            createdAt = RFC3339.format(ruleset.createdAt)
            updatedAt = RFC3339.format(ruleset.updatedAt)
        }
    }
}
