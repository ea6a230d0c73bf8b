/// The webhook endpoints of organizations.
protocol WebhookStore: Sendable {
    func insert(_ endpoint: WebhookEndpoint) async throws
    /// The organization's endpoints, oldest first.
    func webhookEndpoints(organizationID: String) async throws -> [WebhookEndpoint]
    func webhookEndpoint(_ id: String, organizationID: String) async throws -> WebhookEndpoint?
    /// Stores an endpoint's URL, event types, description, state and secret;
    /// false when there is no such endpoint.
    func update(_ endpoint: WebhookEndpoint) async throws -> Bool
    /// False when there is no such endpoint.
    func deleteWebhookEndpoint(_ id: String, organizationID: String) async throws -> Bool
}
