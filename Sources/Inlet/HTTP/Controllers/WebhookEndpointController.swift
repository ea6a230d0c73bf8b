import Hummingbird

/// Webhook endpoints (SPEC §14), with the admin token: where an organization's
/// matching events are POSTed, and their signing secrets.
struct WebhookEndpointController {
    let pipeline: RequestPipeline
    let endpoints: WebhookEndpointService

    func addRoutes(to router: InletRouter) {
        router.post("/api/v1/admin/orgs/{org}/webhooks", use: create)
        router.get("/api/v1/admin/orgs/{org}/webhooks", use: list)
        router.patch("/api/v1/admin/orgs/{org}/webhooks/{id}", use: update)
        router.delete("/api/v1/admin/orgs/{org}/webhooks/{id}", use: delete)
        router.post("/api/v1/admin/orgs/{org}/webhooks/{id}/rotate-secret", use: rotateSecret)
        router.get("/api/v1/admin/orgs/{org}/webhooks/{id}/deliveries", use: deliveries)
        router.post("/api/v1/admin/orgs/{org}/webhooks/{id}/deliveries/{delivery}/retry", use: retry)
    }

    /// A delivery of an event to the endpoint.
    struct Delivery: Encodable {
        var id: String
        var eventId: String
        var status: String
        var attempts: Int
        var lastStatusCode: Int?
        var nextAttemptAt: String?
        var createdAt: String

        init(_ delivery: WebhookDelivery) {
            id = delivery.id
            eventId = delivery.eventID
            status = delivery.status.rawValue
            attempts = delivery.attempts
            lastStatusCode = delivery.lastStatusCode
            nextAttemptAt = delivery.nextAttemptAt.map(RFC3339.format)
            createdAt = RFC3339.format(delivery.createdAt)
        }
    }

    /// An endpoint; with `secret` when it was just created or rotated.
    struct Endpoint: Encodable {
        var id: String
        var url: String
        var eventTypes: [String]
        var description: String?
        var active: Bool
        var secret: Omissible<String>
        var createdAt: String

        init(_ endpoint: WebhookEndpoint, showingSecret: Bool = false) {
            id = endpoint.id
            url = endpoint.url
            eventTypes = endpoint.eventTypes
            description = endpoint.description
            active = endpoint.active
            secret = Omissible(showingSecret ? endpoint.secret : nil)
            createdAt = RFC3339.format(endpoint.createdAt)
        }
    }

    struct NewEndpoint: Decodable {
        var url: String
        var eventTypes: [String]
        var description: String?

        enum CodingKeys: String, CodingKey, CaseIterable { case url, eventTypes, description }

        init(from decoder: any Decoder) throws {
            let body = try decoder.container(keyedBy: CodingKeys.self)
            url = try body.text(.url, maximumLength: 2048)
            eventTypes = try body.strings(.eventTypes)
            description = try body.textIfPresent(.description, maximumLength: 256)
        }
    }

    /// Members left out stay; `description` takes `null` for none.
    struct EndpointChange: Decodable {
        var url: String?
        var eventTypes: [String]?
        var description: Change<String>
        var active: Bool?

        enum CodingKeys: String, CodingKey, CaseIterable { case url, eventTypes, description, active }

        init(from decoder: any Decoder) throws {
            let body = try decoder.container(keyedBy: CodingKeys.self)
            url = try body.textIfPresent(.url, maximumLength: 2048)
            eventTypes = try body.stringsIfPresent(.eventTypes)
            description = try body.change(.description) { try body.textIfPresent($0, maximumLength: 256) }
            active = try body.flagIfPresent(.active)
        }
    }

    @Sendable func create(_ request: Request, context: InletRequestContext) async throws -> Response {
        try await write(request, context, NewEndpoint.self) { body in
            let endpoint = try await endpoints.create(
                organization: try context.parameters.require("org"),
                url: body.url,
                eventTypes: body.eventTypes,
                description: body.description
            )
            return (.created, Endpoint(endpoint, showingSecret: true))
        }
    }

    @Sendable func list(_ request: Request, context: InletRequestContext) async throws -> Response {
        try await pipeline.requireAdmin(request)
        let endpoints = try await endpoints.endpoints(organization: try context.parameters.require("org"))
        return try .json(Page(items: endpoints.map { Endpoint($0) }))
    }

    /// Changes `url`, `eventTypes`, `description` or `active`; members not sent stay.
    @Sendable func update(_ request: Request, context: InletRequestContext) async throws -> Response {
        try await write(request, context, EndpointChange.self) { change in
            let endpoint = try await endpoints.update(organization: try context.parameters.require("org"), id: try context.parameters.require("id")) {
                if let url = change.url { $0.url = url }
                if let eventTypes = change.eventTypes { $0.eventTypes = eventTypes }
                change.description.apply(to: &$0.description)
                if let active = change.active { $0.active = active }
            }
            return (.ok, Endpoint(endpoint))
        }
    }

    @Sendable func delete(_ request: Request, context: InletRequestContext) async throws -> Response {
        try await pipeline.requireAdmin(request)
        try await endpoints.delete(organization: try context.parameters.require("org"), id: try context.parameters.require("id"))
        return Response(status: .noContent)
    }

    @Sendable func rotateSecret(_ request: Request, context: InletRequestContext) async throws -> Response {
        try await write(request, context, EmptyBody.self) { _ in
            let endpoint = try await endpoints.rotateSecret(
                organization: try context.parameters.require("org"),
                id: try context.parameters.require("id")
            )
            return (.ok, Endpoint(endpoint, showingSecret: true))
        }
    }

    /// The endpoint's deliveries newest first; `?status=pending|succeeded|failed`.
    @Sendable func deliveries(_ request: Request, context: InletRequestContext) async throws -> Response {
        try await pipeline.requireAdmin(request)
        let query = request.uri.queryParameters
        let status = try query.get("status").map { name in
            guard let status = WebhookDelivery.Status(rawValue: name) else {
                throw InletError.invalidBody("'status' must be pending, succeeded or failed.")
            }
            return status
        }
        let before = try Cursor.decode(query.get("cursor"), parts: 1).map { parts in
            guard let sequence = Int64(parts[0]) else { throw InletError.invalidBody("The cursor was not issued by this server.") }
            return sequence
        }
        let (page, next) = try await endpoints.deliveries(
            organization: try context.parameters.require("org"),
            endpoint: try context.parameters.require("id"),
            status: status,
            before: before,
            limit: try Paging.limit(query.get("limit"))
        )
        return try .json(Page(items: page.map(Delivery.init), nextCursor: next.map { Cursor.encode([String($0)]) }))
    }

    /// 202: the delivery is attempted now, whether it was pending, succeeded or failed.
    @Sendable func retry(_ request: Request, context: InletRequestContext) async throws -> Response {
        try await pipeline.requireAdmin(request)
        let delivery = try await endpoints.retry(
            organization: try context.parameters.require("org"),
            endpoint: try context.parameters.require("id"),
            delivery: try context.parameters.require("delivery")
        )
        return try .json(Delivery(delivery), status: .accepted)
    }

    private func write<Body: Decodable>(
        _ request: Request,
        _ context: InletRequestContext,
        _ type: Body.Type,
        _ handle: @escaping (Body) async throws -> (HTTPResponse.Status, any Encodable)
    ) async throws -> Response {
        try await pipeline.adminWrite(request, context, type, handle) {
            try await endpoints.tenancy.organization(try context.parameters.require("org")).id
        }
    }
}
