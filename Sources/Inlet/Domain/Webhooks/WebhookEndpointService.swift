import Foundation

/// The operator's operations on webhook endpoints, shared by the admin API
/// and the CLI.
struct WebhookEndpointService: Sendable {
    let store: any WebhookStore
    let tenancy: TenancyService
    let targets: WebhookTargetPolicy

    /// Creates an active endpoint with a new secret.
    func create(organization idOrSlug: String, url: String, eventTypes: [String], description: String?) async throws -> WebhookEndpoint {
        let organization = try await tenancy.organization(idOrSlug)
        try Self.validate(eventTypes)
        try await targets.check(url)
        let endpoint = WebhookEndpoint(
            id: tenancy.ids.make(.webhook),
            organizationID: organization.id,
            url: url,
            eventTypes: eventTypes,
            description: description,
            active: true,
            secret: Self.newSecret(),
            createdAt: tenancy.clock.nowMillis()
        )
        try await store.insert(endpoint)
        return endpoint
    }

    func endpoints(organization idOrSlug: String) async throws -> [WebhookEndpoint] {
        try await store.webhookEndpoints(organizationID: try await tenancy.organization(idOrSlug).id)
    }

    /// The endpoint, or 404.
    func endpoint(organization idOrSlug: String, id: String) async throws -> WebhookEndpoint {
        let organization = try await tenancy.organization(idOrSlug)
        guard let endpoint = try await store.webhookEndpoint(id, organizationID: organization.id) else {
            throw InletError.notFound("Webhook endpoint '\(id.prefix(64))'")
        }
        return endpoint
    }

    /// Changes an endpoint with `change`; a changed URL or event types are checked again.
    func update(organization: String, id: String, _ change: (inout WebhookEndpoint) -> Void) async throws -> WebhookEndpoint {
        let stored = try await endpoint(organization: organization, id: id)
        var endpoint = stored
        change(&endpoint)
        if endpoint.eventTypes != stored.eventTypes { try Self.validate(endpoint.eventTypes) }
        if endpoint.url != stored.url { try await targets.check(endpoint.url) }
        guard try await store.update(endpoint) else { throw InletError.notFound("Webhook endpoint '\(id.prefix(64))'") }
        return endpoint
    }

    /// Replaces the endpoint's secret: deliveries are signed with the new one from now on.
    func rotateSecret(organization: String, id: String) async throws -> WebhookEndpoint {
        try await update(organization: organization, id: id) { $0.secret = Self.newSecret() }
    }

    func delete(organization: String, id: String) async throws {
        let endpoint = try await endpoint(organization: organization, id: id)
        guard try await store.deleteWebhookEndpoint(endpoint.id, organizationID: endpoint.organizationID) else {
            throw InletError.notFound("Webhook endpoint '\(id.prefix(64))'")
        }
    }

    /// An endpoint's deliveries newest first, of one status if given, and the
    /// sequence the next page starts before.
    func deliveries(
        organization: String,
        endpoint id: String,
        status: WebhookDelivery.Status?,
        before: Int64?,
        limit: Int
    ) async throws -> (deliveries: [WebhookDelivery], next: Int64?) {
        let endpoint = try await endpoint(organization: organization, id: id)
        let deliveries = try await store.deliveries(
            endpointID: endpoint.id,
            organizationID: endpoint.organizationID,
            status: status,
            before: before,
            limit: limit + 1
        )
        return (Array(deliveries.prefix(limit)), deliveries.count > limit ? deliveries[limit - 1].sequence : nil)
    }

    /// Makes a delivery pending and due now, whatever its state; 404 when the
    /// endpoint has no such delivery.
    func retry(organization: String, endpoint id: String, delivery deliveryID: String) async throws -> WebhookDelivery {
        let endpoint = try await endpoint(organization: organization, id: id)
        guard let sequence = WebhookDelivery.sequence(of: deliveryID),
            let delivery = try await store.retryDelivery(
                sequence,
                endpointID: endpoint.id,
                organizationID: endpoint.organizationID,
                now: tenancy.clock.nowMillis()
            )
        else { throw InletError.notFound("Delivery '\(deliveryID.prefix(64))'") }
        return delivery
    }

    /// `whsec_` and the base64 of 32 random bytes, as Standard Webhooks libraries expect.
    static func newSecret() -> String {
        var generator = SystemRandomNumberGenerator()
        return "whsec_" + Data((0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }).base64EncodedString()
    }

    private static func validate(_ eventTypes: [String]) throws {
        guard (1...100).contains(eventTypes.count) else { throw InletError.invalidBody("'eventTypes' must hold 1-100 patterns.") }
        if let bad = eventTypes.first(where: { !EventTypeWhitelist.isValidPattern($0) }) {
            throw InletError.invalidBody("Event type pattern '\(bad.prefix(130))' is not an exact name, 'prefix.*' or '*'.")
        }
    }
}
