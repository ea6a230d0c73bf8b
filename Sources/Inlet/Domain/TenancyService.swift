/// The operator's operations on organizations, units, apps and keys, shared by
/// the admin API, the CLI and the first start.
struct TenancyService: Sendable {
    /// Default requests per second per key.
    static let defaultKeyRps = 60
    /// Default requests per second per organization.
    static let defaultOrgRps = 600

    let store: any TenancyStore
    let ids: any IdentifierGenerator
    let clock: any InletClock
    let hasher: any SecretHasher

    /// Creates an organization with its default unit.
    func createOrganization(
        name: String,
        slug: String?,
        maxEventsPerMonth: Int?,
        keyRps: Int?,
        orgRps: Int?,
        retentionDays: Int? = nil
    ) async throws -> Organization {
        let id = ids.make(.organization)
        let slug = slug ?? Slug.derive(from: name, id: id)
        guard Slug.isValid(slug) else { throw InletError.invalidBody("'slug' must match [a-z0-9][a-z0-9-]{0,62}.") }
        let now = clock.nowMillis()
        let organization = Organization(
            id: id,
            slug: slug,
            name: name,
            maxEventsPerMonth: maxEventsPerMonth,
            keyRps: keyRps ?? Self.defaultKeyRps,
            orgRps: orgRps ?? Self.defaultOrgRps,
            createdAt: now,
            retentionDays: retentionDays
        )
        let unit = OrgUnit(id: OrgUnit.defaultID, organizationID: organization.id, name: "Default", createdAt: now)
        try await translatingConflicts("An organization with slug '\(slug)' already exists.") {
            try await store.insert(organization, defaultUnit: unit)
        }
        return organization
    }

    /// The organization with this id or slug, or 404.
    func organization(_ idOrSlug: String) async throws -> Organization {
        guard let organization = try await store.organization(idOrSlug) else { throw InletError.notFound("Organization '\(idOrSlug.prefix(64))'") }
        return organization
    }

    /// Saves a changed organization.
    func update(_ organization: Organization) async throws {
        try await store.update(organization)
    }

    /// Creates an org unit.
    func createUnit(organization idOrSlug: String, name: String) async throws -> OrgUnit {
        let organization = try await organization(idOrSlug)
        let unit = OrgUnit(id: ids.make(.unit), organizationID: organization.id, name: name, createdAt: clock.nowMillis())
        try await store.insert(unit)
        return unit
    }

    /// Creates an app with a whitelist of event types.
    func createApp(organization idOrSlug: String, slug: String, name: String?, eventTypes: [String]) async throws -> DeveloperApp {
        guard Slug.isValid(slug) else { throw InletError.invalidBody("'slug' must match [a-z0-9][a-z0-9-]{0,62}.") }
        try Self.validate(eventTypes)
        let organization = try await organization(idOrSlug)
        let app = DeveloperApp(
            id: ids.make(.app),
            organizationID: organization.id,
            slug: slug,
            name: name ?? slug,
            eventTypes: eventTypes,
            createdAt: clock.nowMillis()
        )
        try await translatingConflicts("An app with slug '\(slug)' already exists in this organization.") {
            try await store.insert(app)
        }
        return app
    }

    /// The app with this id or slug in an organization, or 404.
    func app(organization idOrSlug: String, app appIDOrSlug: String) async throws -> DeveloperApp {
        let organization = try await organization(idOrSlug)
        guard let app = try await store.app(appIDOrSlug, organizationID: organization.id) else {
            throw InletError.notFound("App '\(appIDOrSlug.prefix(64))'")
        }
        return app
    }

    /// Replaces an app's whitelist and, when given, its name.
    func updateApp(organization: String, app appIDOrSlug: String, eventTypes: [String]?, name: String?) async throws -> DeveloperApp {
        var app = try await app(organization: organization, app: appIDOrSlug)
        if let eventTypes {
            try Self.validate(eventTypes)
            app.eventTypes = eventTypes
        }
        if let name { app.name = name }
        try await store.update(app)
        return app
    }

    /// Issues a key for an app; the secret is returned only here.
    func createKey(organization: String, app appIDOrSlug: String, unit: String?) async throws -> (AppKeyRecord, String) {
        let app = try await app(organization: organization, app: appIDOrSlug)
        if let unit {
            guard try await store.units(organizationID: app.organizationID).contains(where: { $0.id == unit }) else {
                throw InletError.notFound("Unit '\(unit.prefix(64))'")
            }
        }
        let (hashed, secret) = try await newSecret(Secret.appKeyPrefix, id: .key)
        let record = AppKeyRecord(
            id: hashed.id,
            organizationID: app.organizationID,
            appID: app.id,
            unitID: unit,
            prefix: hashed.prefix,
            hash: hashed.hash,
            createdAt: hashed.createdAt
        )
        try await store.insert(record)
        return (record, secret)
    }

    /// The keys of an app, never their secrets.
    func keys(organization: String, app appIDOrSlug: String) async throws -> (DeveloperApp, [AppKeyRecord]) {
        let app = try await app(organization: organization, app: appIDOrSlug)
        return (app, try await store.keys(organizationID: app.organizationID, appID: app.id))
    }

    /// Revokes a key of an app, or 404.
    func revokeKey(organization: String, app appIDOrSlug: String, keyID: String) async throws {
        let app = try await app(organization: organization, app: appIDOrSlug)
        guard try await store.revokeKey(keyID, organizationID: app.organizationID, appID: app.id, at: clock.nowMillis()) else {
            throw InletError.notFound("Key '\(keyID.prefix(64))'")
        }
    }

    /// Issues an admin token; the secret is returned only here.
    func createAdminToken() async throws -> String {
        let (token, secret) = try await newSecret(Secret.adminTokenPrefix, id: .adminToken)
        try await store.insert(token)
        return secret
    }

    /// A new secret of a kind (`wp_live_`, `ik_live_`, `inl_admin_`) and what is
    /// kept of it.
    func newSecret(_ kindPrefix: String, id: IdentifierPrefix) async throws -> (HashedSecret, String) {
        let secret = Secret.generate(prefix: kindPrefix)
        let hashed = HashedSecret(
            id: ids.make(id),
            prefix: Secret.lookupPrefix(of: secret, kindPrefix: kindPrefix)!,
            hash: try await hasher.hash(secret),
            createdAt: clock.nowMillis()
        )
        return (hashed, secret)
    }

    private static func validate(_ eventTypes: [String]) throws {
        if let bad = eventTypes.first(where: { !EventTypeWhitelist.isValidPattern($0) }) {
            throw InletError.invalidBody("Event type pattern '\(bad.prefix(130))' is not an exact name, 'prefix.*' or '*'.")
        }
    }

    func translatingConflicts(_ message: String, _ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch StoreError.alreadyExists {
            throw InletError(.alreadyExists, message)
        }
    }
}
