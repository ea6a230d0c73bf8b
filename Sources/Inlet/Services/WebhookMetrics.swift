/// What the webhook dispatcher reports to `/metrics`.
struct WebhookMetrics: Sendable {
    let attempted: @Sendable () -> Void
    /// A delivery that succeeded or failed for good.
    let ended: @Sendable (WebhookDelivery.Status) -> Void
    /// The age of the oldest pending delivery, in seconds.
    let oldestPending: @Sendable (Double) -> Void
}
