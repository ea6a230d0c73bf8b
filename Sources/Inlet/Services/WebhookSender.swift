import HTTPTypes

/// Sends one webhook request; the seam between the dispatcher and HTTP.
protocol WebhookSender: Sendable {
    /// POSTs `body` with `headers` to `url`: the answer's status, or nil when
    /// there was none (refused target, connection refused, timeout).
    func post(_ body: [UInt8], headers: HTTPFields, to url: String) async -> Int?
    /// Closes the connections.
    func shutdown() async
}
