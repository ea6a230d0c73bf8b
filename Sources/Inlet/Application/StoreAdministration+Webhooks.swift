extension StoreAdministration {
    /// Creates a webhook endpoint; its secret is in the answer, this once.
    /// `allowPrivate` lets the URL name a private, loopback or link-local host.
    public func createWebhook(
        organization: String,
        url: String,
        eventTypes: [String],
        description: String?,
        allowPrivate: Bool
    ) async throws -> String {
        let endpoint = try await webhooks(allowPrivate).create(organization: organization, url: url, eventTypes: eventTypes, description: description)
        return try render(WebhookEndpointController.Endpoint(endpoint, showingSecret: true))
    }

    public func listWebhooks(organization: String) async throws -> String {
        try render(Page(items: try await webhooks(false).endpoints(organization: organization).map { WebhookEndpointController.Endpoint($0) }))
    }

    /// Changes what is given of an endpoint's URL, event types, description and state.
    public func updateWebhook(
        organization: String,
        id: String,
        url: String?,
        eventTypes: [String]?,
        description: String?,
        active: Bool?,
        allowPrivate: Bool
    ) async throws -> String {
        let endpoint = try await webhooks(allowPrivate).update(organization: organization, id: id) { endpoint in
            if let url { endpoint.url = url }
            if let eventTypes { endpoint.eventTypes = eventTypes }
            if let description { endpoint.description = description }
            if let active { endpoint.active = active }
        }
        return try render(WebhookEndpointController.Endpoint(endpoint))
    }

    public func rotateWebhookSecret(organization: String, id: String) async throws -> String {
        try render(
            WebhookEndpointController.Endpoint(try await webhooks(false).rotateSecret(organization: organization, id: id), showingSecret: true)
        )
    }

    public func deleteWebhook(organization: String, id: String) async throws {
        try await webhooks(false).delete(organization: organization, id: id)
    }

    /// The endpoint's newest deliveries, of one status if given.
    public func webhookDeliveries(organization: String, id: String, status: String?, limit: Int) async throws -> String {
        let status = try status.map { name in
            guard let status = WebhookDelivery.Status(rawValue: name) else {
                throw InletError.invalidBody("--status must be pending, succeeded or failed.")
            }
            return status
        }
        let (deliveries, _) = try await webhooks(false).deliveries(
            organization: organization,
            endpoint: id,
            status: status,
            before: nil,
            limit: limit
        )
        return try render(Page(items: deliveries.map(WebhookEndpointController.Delivery.init)))
    }

    private func webhooks(_ allowPrivate: Bool) -> WebhookEndpointService {
        WebhookEndpointService(store: store, tenancy: tenancy, targets: WebhookTargetPolicy(allowsPrivate: allowPrivate))
    }
}
