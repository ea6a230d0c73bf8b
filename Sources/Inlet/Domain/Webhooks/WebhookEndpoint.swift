/// A URL an organization's matching events are POSTed to, signed with the
/// endpoint's secret as the Standard Webhooks specification says.
struct WebhookEndpoint: Sendable, Equatable {
    /// `wh_…`.
    var id: String
    var organizationID: String
    /// An http or https URL whose host is checked by ``WebhookTargetPolicy``.
    var url: String
    /// Event type patterns as in an app's whitelist: exact names, `prefix.*`, `*`.
    var eventTypes: [String]
    var description: String?
    /// An inactive endpoint is sent nothing.
    var active: Bool
    /// `whsec_` and the base64 of 32 random bytes; shown when created or rotated only.
    var secret: String
    var createdAt: Int64

    /// Whether an event of `eventType` is sent to this endpoint.
    func wants(_ eventType: String) -> Bool {
        active && eventTypes.contains { EventTypeWhitelist.matches($0, eventType) }
    }
}
