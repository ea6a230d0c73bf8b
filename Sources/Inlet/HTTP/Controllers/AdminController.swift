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
        try await write(request, context, NewOrganization.self, organizationID: "") { body in
            let organization = try await tenancy.createOrganization(
                name: body.name,
                slug: body.slug,
                maxEventsPerMonth: body.maxEventsPerMonth,
                keyRps: body.keyRps,
                orgRps: body.orgRps,
                retentionDays: body.retentionDays
            )
            return (.created, AdminResponses.Organization(organization))
        }
    }

    @Sendable func listOrganizations(_ request: Request, context: InletRequestContext) async throws -> Response {
        try await pipeline.requireAdmin(request)
        return try .json(Page(items: try await tenancy.store.organizations().map(AdminResponses.Organization.init)))
    }

    @Sendable func updateOrganization(_ request: Request, context: InletRequestContext) async throws -> Response {
        try await write(request, context, OrganizationChange.self) { change in
            var organization = try await tenancy.organization(try context.parameters.require("org"))
            if let name = change.name { organization.name = name }
            change.maxEventsPerMonth.apply(to: &organization.maxEventsPerMonth)
            if let keyRps = change.keyRps { organization.keyRps = keyRps }
            if let orgRps = change.orgRps { organization.orgRps = orgRps }
            change.retentionDays.apply(to: &organization.retentionDays)
            try await tenancy.update(organization)
            pipeline.authenticator.forgetAll()
            return (.ok, AdminResponses.Organization(organization))
        }
    }

    @Sendable func createUnit(_ request: Request, context: InletRequestContext) async throws -> Response {
        try await write(request, context, NewUnit.self) { body in
            (.created, AdminResponses.Unit(try await tenancy.createUnit(organization: try context.parameters.require("org"), name: body.name)))
        }
    }

    @Sendable func createApp(_ request: Request, context: InletRequestContext) async throws -> Response {
        try await write(request, context, NewApp.self) { body in
            let app = try await tenancy.createApp(
                organization: try context.parameters.require("org"),
                slug: body.slug,
                name: body.name,
                eventTypes: body.eventTypes
            )
            return (.created, AdminResponses.App(app))
        }
    }

    @Sendable func updateApp(_ request: Request, context: InletRequestContext) async throws -> Response {
        try await write(request, context, AppChange.self) { change in
            let app = try await tenancy.updateApp(
                organization: try context.parameters.require("org"),
                app: try context.parameters.require("app"),
                eventTypes: change.eventTypes,
                name: change.name
            )
            pipeline.authenticator.forgetAll()
            return (.ok, AdminResponses.App(app))
        }
    }

    @Sendable func createKey(_ request: Request, context: InletRequestContext) async throws -> Response {
        try await write(request, context, NewKey.self) { body in
            let appSlug = try context.parameters.require("app")
            let (record, secret) = try await tenancy.createKey(
                organization: try context.parameters.require("org"),
                app: appSlug,
                unit: body.unit
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
        try await write(request, context, NewStream.self) { body in
            let (stream, secret) = try await tenancy.createStream(
                organization: try context.parameters.require("org"),
                name: body.name,
                itemKey: body.itemKey,
                retentionDays: body.retentionDays,
                signature: body.signature
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
        try await write(request, context, EmptyBody.self) { _ in
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
        try await write(request, context, StreamChange.self) { change in
            let stream = try await tenancy.updateStream(
                organization: try context.parameters.require("org"),
                stream: try context.parameters.require("stream")
            ) { stream in
                change.retentionDays.apply(to: &stream.retentionDays)
                change.signature.apply(to: &stream.signature)
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
        try await write(request, context, NewRuleset.self) { body in
            let ruleset = try await tenancy.createRuleset(organization: try context.parameters.require("org"), name: body.name, body.definition)
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
        try await write(request, context, RulesetChange.self) { change in
            let ruleset = try await tenancy.updateRuleset(
                organization: try context.parameters.require("org"),
                ruleset: try context.parameters.require("ruleset"),
                change.definition
            )
            return (.ok, AdminResponses.Ruleset(ruleset))
        }
    }

    /// An admin write of a `Body`, scoped to the organization in the path (or
    /// to `organizationID`: the operator's, for organization creation).
    private func write<Body: Decodable>(
        _ request: Request,
        _ context: InletRequestContext,
        _ type: Body.Type,
        organizationID: String? = nil,
        _ handle: @escaping (Body) async throws -> (HTTPResponse.Status, any Encodable)
    ) async throws -> Response {
        try await pipeline.adminWrite(request, context, type, handle) {
            if let organizationID { return organizationID }
            return try await tenancy.organization(try context.parameters.require("org")).id
        }
    }
}
