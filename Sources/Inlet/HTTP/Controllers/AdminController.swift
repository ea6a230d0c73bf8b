import Hummingbird

/// The admin API: organizations, units, apps, keys, streams and rulesets, with the admin token.
struct AdminController {
    let pipeline: RequestPipeline
    let tenancy: TenancyService

    func addRoutes(to router: InletRouter) {
        router.post("/api/v1/admin/orgs", use: createOrganization)
        router.get("/api/v1/admin/orgs", use: listOrganizations)
        router.patch("/api/v1/admin/orgs/{org}", use: updateOrganization)
        router.post("/api/v1/admin/orgs/{org}/units", use: createUnit)
        router.post("/api/v1/admin/orgs/{org}/apps", use: createApp)
        router.patch("/api/v1/admin/orgs/{org}/apps/{app}", use: updateApp)
        router.post("/api/v1/admin/orgs/{org}/apps/{app}/keys", use: createKey)
        router.get("/api/v1/admin/orgs/{org}/apps/{app}/keys", use: listKeys)
        router.delete("/api/v1/admin/orgs/{org}/apps/{app}/keys/{keyId}", use: revokeKey)
        router.post("/api/v1/admin/orgs/{org}/streams", use: createStream)
        router.get("/api/v1/admin/orgs/{org}/streams", use: listStreams)
        router.post("/api/v1/admin/orgs/{org}/streams/{stream}/rotate-key", use: rotateStreamKey)
        router.patch("/api/v1/admin/orgs/{org}/streams/{stream}", use: updateStream)
        router.delete("/api/v1/admin/orgs/{org}/streams/{stream}", use: deleteStream)
        router.post("/api/v1/admin/orgs/{org}/rulesets", use: createRuleset)
        router.get("/api/v1/admin/orgs/{org}/rulesets", use: listRulesets)
        router.get("/api/v1/admin/orgs/{org}/rulesets/{ruleset}", use: showRuleset)
        router.patch("/api/v1/admin/orgs/{org}/rulesets/{ruleset}", use: updateRuleset)
    }

    @Sendable func createOrganization(_ request: Request, context: InletRequestContext) async throws -> Response {
        try await write(request, context, scope: "", route: "orgs") { json in
            let body = try JSONObjectReader(json, allowed: ["name", "slug", "maxEventsPerMonth", "keyRps", "orgRps", "retentionDays"])
            guard let name = try body.string("name") else { throw InletError.invalidBody("'name' is required.") }
            let organization = try await tenancy.createOrganization(
                name: name,
                slug: try body.string("slug", maximumLength: 63),
                maxEventsPerMonth: try body.integer("maxEventsPerMonth", in: 0...Int(Int32.max) * 1000),
                keyRps: try body.integer("keyRps", in: 1...1_000_000),
                orgRps: try body.integer("orgRps", in: 1...1_000_000),
                retentionDays: try body.integer("retentionDays", in: Retention.days)
            )
            return (.created, AdminResponses.Organization(organization))
        }
    }

    @Sendable func listOrganizations(_ request: Request, context: InletRequestContext) async throws -> Response {
        try await pipeline.requireAdmin(request)
        return try .json(Page(items: try await tenancy.store.organizations().map(AdminResponses.Organization.init)))
    }

    @Sendable func updateOrganization(_ request: Request, context: InletRequestContext) async throws -> Response {
        try await write(request, context, route: "orgs/{org}") { json in
            let body = try JSONObjectReader(json, allowed: ["name", "maxEventsPerMonth", "keyRps", "orgRps", "retentionDays"])
            var organization = try await tenancy.organization(try context.parameters.require("org"))
            if let name = try body.string("name") { organization.name = name }
            if body.has("maxEventsPerMonth") {
                organization.maxEventsPerMonth = try body.integer("maxEventsPerMonth", in: 0...Int(Int32.max) * 1000)
            }
            if let keyRps = try body.integer("keyRps", in: 1...1_000_000) { organization.keyRps = keyRps }
            if let orgRps = try body.integer("orgRps", in: 1...1_000_000) { organization.orgRps = orgRps }
            if body.has("retentionDays") { organization.retentionDays = try body.integer("retentionDays", in: Retention.days) }
            try await tenancy.update(organization)
            pipeline.authenticator.forgetAll()
            return (.ok, AdminResponses.Organization(organization))
        }
    }

    @Sendable func createUnit(_ request: Request, context: InletRequestContext) async throws -> Response {
        try await write(request, context, route: "orgs/{org}/units") { json in
            let body = try JSONObjectReader(json, allowed: ["name"])
            guard let name = try body.string("name") else { throw InletError.invalidBody("'name' is required.") }
            return (.created, AdminResponses.Unit(try await tenancy.createUnit(organization: try context.parameters.require("org"), name: name)))
        }
    }

    @Sendable func createApp(_ request: Request, context: InletRequestContext) async throws -> Response {
        try await write(request, context, route: "orgs/{org}/apps") { json in
            let body = try JSONObjectReader(json, allowed: ["slug", "name", "eventTypes"])
            guard let slug = try body.string("slug", maximumLength: 63) else { throw InletError.invalidBody("'slug' is required.") }
            guard let eventTypes = try body.strings("eventTypes") else { throw InletError.invalidBody("'eventTypes' is required.") }
            let app = try await tenancy.createApp(
                organization: try context.parameters.require("org"),
                slug: slug,
                name: try body.string("name"),
                eventTypes: eventTypes
            )
            return (.created, AdminResponses.App(app))
        }
    }

    @Sendable func updateApp(_ request: Request, context: InletRequestContext) async throws -> Response {
        try await write(request, context, route: "orgs/{org}/apps/{app}") { json in
            let body = try JSONObjectReader(json, allowed: ["name", "eventTypes"])
            let app = try await tenancy.updateApp(
                organization: try context.parameters.require("org"),
                app: try context.parameters.require("app"),
                eventTypes: try body.strings("eventTypes"),
                name: try body.string("name")
            )
            pipeline.authenticator.forgetAll()
            return (.ok, AdminResponses.App(app))
        }
    }

    @Sendable func createKey(_ request: Request, context: InletRequestContext) async throws -> Response {
        try await write(request, context, route: "orgs/{org}/apps/{app}/keys") { json in
            let body = try JSONObjectReader(json, allowed: ["unit"])
            let appSlug = try context.parameters.require("app")
            let (record, secret) = try await tenancy.createKey(
                organization: try context.parameters.require("org"),
                app: appSlug,
                unit: try body.string("unit")
            )
            let app = try await tenancy.app(organization: record.organizationID, app: record.appID)
            return (.created, AdminResponses.Key(record, app: app.slug, secret: secret))
        }
    }

    @Sendable func listKeys(_ request: Request, context: InletRequestContext) async throws -> Response {
        try await pipeline.requireAdmin(request)
        let (app, keys) = try await tenancy.keys(organization: try context.parameters.require("org"), app: try context.parameters.require("app"))
        return try .json(Page(items: keys.map { AdminResponses.Key($0, app: app.slug) }))
    }

    @Sendable func revokeKey(_ request: Request, context: InletRequestContext) async throws -> Response {
        try await pipeline.requireAdmin(request)
        let keyID = try context.parameters.require("keyId")
        try await tenancy.revokeKey(organization: try context.parameters.require("org"), app: try context.parameters.require("app"), keyID: keyID)
        pipeline.authenticator.forget(keyID: keyID)
        return Response(status: .noContent)
    }

    @Sendable func createStream(_ request: Request, context: InletRequestContext) async throws -> Response {
        try await write(request, context, route: "orgs/{org}/streams") { json in
            let body = try JSONObjectReader(json, allowed: ["name", "itemKey", "retentionDays", "signature"])
            guard let name = try body.string("name", maximumLength: 63) else { throw InletError.invalidBody("'name' is required.") }
            let (stream, secret) = try await tenancy.createStream(
                organization: try context.parameters.require("org"),
                name: name,
                itemKey: try body.string("itemKey", maximumLength: ItemFlattener.maximumNameLength),
                retentionDays: try body.integer("retentionDays", in: Retention.days),
                signature: try StreamSignatureBody.read(body)
            )
            return (.created, AdminResponses.Stream(stream, secret: secret))
        }
    }

    @Sendable func listStreams(_ request: Request, context: InletRequestContext) async throws -> Response {
        try await pipeline.requireAdmin(request)
        let streams = try await tenancy.streams(organization: try context.parameters.require("org"))
        return try .json(Page(items: streams.map { AdminResponses.Stream($0) }))
    }

    @Sendable func rotateStreamKey(_ request: Request, context: InletRequestContext) async throws -> Response {
        try await write(request, context, route: "orgs/{org}/streams/{stream}/rotate-key", emptyBody: .object([])) { json in
            _ = try JSONObjectReader(json, allowed: [])
            let rotated = try await tenancy.rotateStreamKey(
                organization: try context.parameters.require("org"),
                stream: try context.parameters.require("stream")
            )
            pipeline.authenticator.forget(keyID: rotated.replaced.id)
            return (.ok, AdminResponses.Stream(rotated.stream, secret: rotated.secret))
        }
    }

    /// Changes a stream's retention (`"retentionDays": 30`, or null to keep
    /// items forever) and signature (`{"scheme", "secret"}`, or null for its key only).
    @Sendable func updateStream(_ request: Request, context: InletRequestContext) async throws -> Response {
        try await write(request, context, route: "orgs/{org}/streams/{stream}") { json in
            let body = try JSONObjectReader(json, allowed: ["retentionDays", "signature"])
            guard body.has("retentionDays") || body.has("signature") else {
                throw InletError.invalidBody("Send 'retentionDays' (null keeps items forever), 'signature' (null takes the key only), or both.")
            }
            let days = try body.integer("retentionDays", in: Retention.days)
            let signature = try StreamSignatureBody.read(body)
            let stream = try await tenancy.updateStream(
                organization: try context.parameters.require("org"),
                stream: try context.parameters.require("stream")
            ) { stream in
                if body.has("retentionDays") { stream.retentionDays = days }
                if body.has("signature") { stream.signature = signature }
            }
            pipeline.authenticator.forgetAll()
            return (.ok, AdminResponses.Stream(stream))
        }
    }

    @Sendable func deleteStream(_ request: Request, context: InletRequestContext) async throws -> Response {
        try await pipeline.requireAdmin(request)
        let stream = try await tenancy.deleteStream(
            organization: try context.parameters.require("org"),
            stream: try context.parameters.require("stream")
        )
        pipeline.authenticator.forget(keyID: stream.key.id)
        return Response(status: .noContent)
    }

    @Sendable func createRuleset(_ request: Request, context: InletRequestContext) async throws -> Response {
        try await write(request, context, route: "orgs/{org}/rulesets") { json in
            let (name, definition) = try RulesetBody.creation(json)
            let ruleset = try await tenancy.createRuleset(organization: try context.parameters.require("org"), name: name, definition)
            return (.created, AdminResponses.Ruleset(ruleset))
        }
    }

    @Sendable func listRulesets(_ request: Request, context: InletRequestContext) async throws -> Response {
        try await pipeline.requireAdmin(request)
        let rulesets = try await tenancy.rulesets(organization: try context.parameters.require("org"))
        return try .json(Page(items: rulesets.map(AdminResponses.Ruleset.init)))
    }

    @Sendable func showRuleset(_ request: Request, context: InletRequestContext) async throws -> Response {
        try await pipeline.requireAdmin(request)
        let ruleset = try await tenancy.ruleset(
            organization: try context.parameters.require("org"),
            ruleset: try context.parameters.require("ruleset")
        )
        return try .json(AdminResponses.Ruleset(ruleset))
    }

    @Sendable func updateRuleset(_ request: Request, context: InletRequestContext) async throws -> Response {
        try await write(request, context, route: "orgs/{org}/rulesets/{ruleset}") { json in
            let ruleset = try await tenancy.updateRuleset(
                organization: try context.parameters.require("org"),
                ruleset: try context.parameters.require("ruleset"),
                try RulesetBody.change(json)
            )
            return (.ok, AdminResponses.Ruleset(ruleset))
        }
    }

    /// An admin write scoped to the organization in the path (or the operator
    /// for organization creation).
    private func write(
        _ request: Request,
        _ context: InletRequestContext,
        scope: String? = nil,
        route: String,
        emptyBody: JSONValue? = nil,
        _ body: @escaping (JSONValue) async throws -> (HTTPResponse.Status, any Encodable)
    ) async throws -> Response {
        try await pipeline.adminWrite(request, context, route: route, emptyBody: emptyBody, body) {
            if let scope { return scope }
            return try await tenancy.organization(try context.parameters.require("org")).id
        }
    }
}
