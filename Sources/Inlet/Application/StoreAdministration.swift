import Logging

/// The admin operations on a store opened directly, for the `inlet org|app|key|unit|stream|ruleset|worker`
/// subcommands; each answers the JSON the admin API would.
public struct StoreAdministration: Sendable {
    let store: any InletStore
    let tenancy: TenancyService

    /// Opens and migrates the store at `database`, runs `body` with it, and closes it.
    public static func with<Result: Sendable>(
        database: DatabaseLocation,
        _ body: @Sendable (StoreAdministration) async throws -> Result
    ) async throws -> Result {
        let store = try StoreFactory.open(database, poolSize: 2, logger: Logger(label: "inlet"))
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await store.run() }
            defer { group.cancelAll() }
            try await store.prepare()
            let clock = SystemClock()
            let tenancy = TenancyService(store: store, ids: TimeOrderedIdentifierGenerator(clock: clock), clock: clock, hasher: BcryptHasher())
            return try await body(StoreAdministration(store: store, tenancy: tenancy))
        }
    }

    public func createOrganization(
        name: String,
        slug: String?,
        maxEventsPerMonth: Int?,
        keyRps: Int?,
        orgRps: Int?,
        retentionDays: Int?
    ) async throws -> String {
        let organization = try await tenancy.createOrganization(
            name: name,
            slug: slug,
            maxEventsPerMonth: maxEventsPerMonth,
            keyRps: keyRps,
            orgRps: orgRps,
            retentionDays: try Self.checked(retentionDays)
        )
        return try render(AdminResponses.Organization(organization))
    }

    public func listOrganizations() async throws -> String {
        try render(Page(items: try await store.organizations().map(AdminResponses.Organization.init)))
    }

    /// Changes plan, limits and retention; `unlimited` clears the monthly
    /// cap, `keepForever` the retention.
    public func updateOrganization(
        _ idOrSlug: String,
        maxEventsPerMonth: Int?,
        unlimited: Bool,
        keyRps: Int?,
        orgRps: Int?,
        retentionDays: Int?,
        keepForever: Bool
    ) async throws -> String {
        var organization = try await tenancy.organization(idOrSlug)
        if unlimited { organization.maxEventsPerMonth = nil }
        if let maxEventsPerMonth { organization.maxEventsPerMonth = maxEventsPerMonth }
        if let keyRps { organization.keyRps = keyRps }
        if let orgRps { organization.orgRps = orgRps }
        if keepForever { organization.retentionDays = nil }
        if let retentionDays { organization.retentionDays = try Self.checked(retentionDays) }
        try await tenancy.update(organization)
        return try render(AdminResponses.Organization(organization))
    }

    public func createUnit(organization: String, name: String) async throws -> String {
        try render(AdminResponses.Unit(try await tenancy.createUnit(organization: organization, name: name)))
    }

    public func createApp(organization: String, slug: String, name: String?, eventTypes: [String]) async throws -> String {
        try render(AdminResponses.App(try await tenancy.createApp(organization: organization, slug: slug, name: name, eventTypes: eventTypes)))
    }

    public func updateApp(organization: String, app: String, eventTypes: [String]) async throws -> String {
        try render(AdminResponses.App(try await tenancy.updateApp(organization: organization, app: app, eventTypes: eventTypes, name: nil)))
    }

    public func createKey(organization: String, app: String, unit: String?) async throws -> String {
        let (record, secret) = try await tenancy.createKey(organization: organization, app: app, unit: unit)
        let slug = try await tenancy.app(organization: record.organizationID, app: record.appID).slug
        return try render(AdminResponses.Key(record, app: slug, secret: secret))
    }

    public func listKeys(organization: String, app: String) async throws -> String {
        let (app, keys) = try await tenancy.keys(organization: organization, app: app)
        return try render(Page(items: keys.map { AdminResponses.Key($0, app: app.slug) }))
    }

    /// Revokes a key; running servers honour it within their key cache period.
    public func revokeKey(organization: String, app: String, keyID: String) async throws {
        try await tenancy.revokeKey(organization: organization, app: app, keyID: keyID)
    }

    /// Creates a stream; with `signatureScheme` and `signatureSecret` it also
    /// takes requests signed that way.
    public func createStream(
        organization: String,
        name: String,
        itemKey: String?,
        retentionDays: Int?,
        signatureScheme: String? = nil,
        signatureSecret: String? = nil
    ) async throws -> String {
        let (stream, secret) = try await tenancy.createStream(
            organization: organization,
            name: name,
            itemKey: itemKey,
            retentionDays: try Self.checked(retentionDays),
            signature: try signatureScheme.map { try Self.signature($0, secret: signatureSecret) }
        )
        return try render(AdminResponses.Stream(stream, secret: secret))
    }

    public func listStreams(organization: String) async throws -> String {
        try render(Page(items: try await tenancy.streams(organization: organization).map { AdminResponses.Stream($0) }))
    }

    /// Replaces a stream's key; running servers honour it within their key cache period.
    public func rotateStreamKey(organization: String, stream: String) async throws -> String {
        let rotated = try await tenancy.rotateStreamKey(organization: organization, stream: stream)
        return try render(AdminResponses.Stream(rotated.stream, secret: rotated.secret))
    }

    /// Creates a ruleset from the JSON of the admin API's body, `name` included.
    public func createRuleset(organization: String, json: String) async throws -> String {
        let body = try JSONValueDecoder().decode(NewRuleset.self, from: try RequestReader.json(Array(json.utf8)))
        return try render(AdminResponses.Ruleset(try await tenancy.createRuleset(organization: organization, name: body.name, body.definition)))
    }

    public func listRulesets(organization: String) async throws -> String {
        try render(Page(items: try await tenancy.rulesets(organization: organization).map(AdminResponses.Ruleset.init)))
    }

    /// Changes a ruleset with the JSON of the admin API's PATCH body.
    public func updateRuleset(organization: String, ruleset: String, json: String) async throws -> String {
        let change = try JSONValueDecoder().decode(RulesetChange.self, from: try RequestReader.json(Array(json.utf8)))
        return try render(AdminResponses.Ruleset(try await tenancy.updateRuleset(organization: organization, ruleset: ruleset, change.definition)))
    }

    /// Sets how many days a stream keeps items not updated; nil keeps them forever.
    public func setStreamRetention(organization: String, stream: String, days: Int?) async throws -> String {
        let days = try Self.checked(days)
        return try render(
            AdminResponses.Stream(try await tenancy.updateStream(organization: organization, stream: stream) { $0.retentionDays = days })
        )
    }

    /// Makes a stream take requests signed with `scheme` and `secret`; a nil
    /// `scheme` makes it take its key only.
    public func setStreamSignature(organization: String, stream: String, scheme: String?, secret: String?) async throws -> String {
        let signature = try scheme.map { try Self.signature($0, secret: secret) }
        return try render(
            AdminResponses.Stream(try await tenancy.updateStream(organization: organization, stream: stream) { $0.signature = signature })
        )
    }

    private static func signature(_ scheme: String, secret: String?) throws -> StreamSignature {
        guard let known = StreamSignature.Scheme(rawValue: scheme) else {
            let names = StreamSignature.Scheme.allCases.map(\.rawValue).joined(separator: ", ")
            throw InletError.invalidBody("--signature-scheme must be one of \(names).")
        }
        guard let secret else { throw InletError.invalidBody("--signature-scheme needs --signature-secret.") }
        return try StreamSignature.checked(scheme: known, secret: secret)
    }

    public func deleteStream(organization: String, stream: String) async throws {
        _ = try await tenancy.deleteStream(organization: organization, stream: stream)
    }

    /// Erases a person by id, or by `kind` and `value` (and `app` for an app's
    /// `externalId`), as `DELETE /api/v1/admin/orgs/{org}/workers` does.
    public func eraseWorker(organization: String, id: String?, kind: String?, value: String?, app: String?) async throws -> String {
        let erasures = ErasureService(store: store, tenancy: tenancy)
        let organization = try await tenancy.organization(organization)
        let subject: ErasureSubject
        switch (id, kind, value) {
        case (let id?, nil, nil): subject = .worker(id)
        case (nil, let kind?, let value?):
            subject = try await erasures.subject(organizationID: organization.id, kind: kind, value: value, app: app)
        default: throw InletError.invalidBody("Name the person by id, or by --kind and --value.")
        }
        return try render(ErasureController.Erased(try await erasures.erase(in: organization, subject)))
    }

    /// An organization's erasures, newest first: ids, times and counts.
    public func listErasures(organization: String) async throws -> String {
        let (erasures, _) = try await ErasureService(store: store, tenancy: tenancy).erasures(organization: organization, after: nil, limit: 500)
        return try render(Page(items: erasures.map(ErasureController.Logged.init)))
    }

    /// A retention limit as the admin API accepts it.
    private static func checked(_ days: Int?) throws -> Int? {
        guard let days else { return nil }
        guard Retention.days.contains(days) else {
            throw InletError.invalidBody("Retention must be \(Retention.days.lowerBound) to \(Retention.days.upperBound) days.")
        }
        return days
    }

    func render(_ body: some Encodable) throws -> String {
        JSONWriter.string(try JSONValueEncoder().encode(body))
    }
}

extension FirstStart {
    /// The message printed once on first start, with a curl line that works as printed.
    public func banner(baseURL: String) -> String {
        var lines = [
            "Inlet first start: created organization '\(organization.slug)' (\(organization.id)) with app '\(app.slug)' (all event types)"
                + " and stream '\(stream.name)'.",
            "",
            "App key (shown once, store it now):",
            "  \(appKey)",
            "",
            "Stream key of '\(stream.name)' (shown once, store it now):",
            "  \(streamKey)",
        ]
        if let adminToken {
            lines += ["", "Admin token (shown once, store it now):", "  \(adminToken)"]
        }
        lines += [
            "",
            "Send a first event:",
            "  curl -sS -X POST '\(baseURL)/api/v1/ingest/events' -H 'Authorization: Bearer \(appKey)' "
                + "-H 'Content-Type: application/json' "
                + "-d '{\"events\":[{\"eventType\":\"hello.world\",\"category\":\"test\",\"actor\":{\"email\":\"you@example.com\"}}]}'",
            "",
            "Send a first stream item:",
            "  curl -sS -X POST '\(baseURL)/api/webhook/\(stream.name)' -H 'Authorization: Bearer \(streamKey)' "
                + "-H 'Content-Type: application/json' -H 'X-Item-Key: region' "
                + "-d '{\"region\":\"North\",\"sales\":142000,\"target\":130000}'",
            "",
        ]
        return lines.joined(separator: "\n")
    }
}
