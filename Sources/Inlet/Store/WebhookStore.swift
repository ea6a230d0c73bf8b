/// The webhook endpoints of organizations and their deliveries. Deliveries
/// are recorded by the writes that store events (``GroupCommitStore``,
/// ``LeadStore``), in the same transaction.
protocol WebhookStore: Sendable {
    /// Whether the store answers and its schema is current.
    func isReady() async -> Bool
    func insert(_ endpoint: WebhookEndpoint) async throws
    /// The organization's endpoints, oldest first.
    func webhookEndpoints(organizationID: String) async throws -> [WebhookEndpoint]
    func webhookEndpoint(_ id: String, organizationID: String) async throws -> WebhookEndpoint?
    /// Stores an endpoint's URL, event types, description, state and secret;
    /// false when there is no such endpoint.
    func update(_ endpoint: WebhookEndpoint) async throws -> Bool
    /// Deletes an endpoint and its deliveries; false when there is no such endpoint.
    func deleteWebhookEndpoint(_ id: String, organizationID: String) async throws -> Bool

    /// Leases up to `limit` pending deliveries due at `now` that no instance
    /// holds, until `leaseUntil`, oldest due first, leaving out the endpoints
    /// of `busy` and those turned off; on PostgreSQL, instances skip each
    /// other's rows. Each endpoint's due deliveries are read from its own
    /// index range, so a backlog that a busy endpoint holds costs a lease nothing.
    func claimDeliveries(now: Int64, leaseUntil: Int64, limit: Int, busy: Set<String>) async throws -> [ClaimedDelivery]
    /// Stores the outcomes of attempts and ends their leases, in one transaction.
    func finish(_ deliveries: [WebhookDelivery]) async throws
    /// An endpoint's deliveries newest first, of one status if given, before
    /// the sequence `before`.
    func deliveries(
        endpointID: String,
        organizationID: String,
        status: WebhookDelivery.Status?,
        before: Int64?,
        limit: Int
    ) async throws -> [WebhookDelivery]
    /// Makes a delivery pending and due at `now`; nil when there is no such delivery.
    func retryDelivery(_ sequence: Int64, endpointID: String, organizationID: String, now: Int64) async throws -> WebhookDelivery?
    /// Whether any organization has an endpoint turned on.
    func hasActiveWebhookEndpoints() async throws -> Bool
    /// When the oldest pending delivery was recorded; nil when none is pending.
    func oldestPendingDelivery() async throws -> Int64?
    /// Deletes succeeded and failed deliveries recorded before `time`; returns how many.
    func deleteEndedDeliveries(before time: Int64) async throws -> Int
}
