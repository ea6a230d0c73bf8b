import Foundation

/// Why a call failed: the server's error (status, code, message, request id),
/// or no answer at all (`status` nil: a connection failure or a timeout).
public struct InletClientError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The HTTP status, when the server answered.
    public var status: Int?
    /// The error code: the server's (`invalid_key`, `rate_limited`, …), or
    /// `connection_failed`, `timeout`, `queue_full`, `shut_down`.
    public var code: String
    /// What went wrong, in words.
    public var message: String
    /// The server's `req_…` id of the request, when it answered.
    public var requestID: String?
    /// Whether the same call may succeed if made again: connection failures,
    /// timeouts, 409 `idempotency_in_progress`, 429 and 5xx.
    public var retryable: Bool
    /// Seconds the server asked to wait (`Retry-After`).
    public var retryAfter: Double?

    /// An error; `status` nil when no answer came.
    public init(status: Int?, code: String, message: String, requestID: String? = nil, retryable: Bool, retryAfter: Double? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.requestID = requestID
        self.retryable = retryable
        self.retryAfter = retryAfter
    }

    /// Code, status, message and request id on one line.
    public var description: String {
        "\(code)\(status.map { " (\($0))" } ?? ""): \(message)\(requestID.map { " [\($0)]" } ?? "")"
    }

    /// The error an answer carries: its envelope, or what can be said without one.
    init(response: TransportResponse) {
        struct Envelope: Decodable {
            struct Body: Decodable {
                var code: String
                var message: String
                var requestId: String?
            }
            var error: Body
        }
        let envelope = try? JSONDecoder().decode(Envelope.self, from: response.body)
        let code = envelope?.error.code ?? (response.status >= 500 ? "internal_error" : "http_\(response.status)")
        self.init(
            status: response.status,
            code: code,
            message: envelope?.error.message ?? "The server answered \(response.status).",
            requestID: envelope?.error.requestId ?? response.headers["x-request-id"],
            retryable: response.status == 429 || response.status >= 500 || code == "idempotency_in_progress",
            retryAfter: response.headers["retry-after"].flatMap(Double.init)
        )
    }

    static func connectionFailed(_ error: any Error) -> InletClientError {
        InletClientError(status: nil, code: "connection_failed", message: "No answer: \(error.localizedDescription)", retryable: true)
    }

    static func timedOut(after timeout: Duration) -> InletClientError {
        InletClientError(status: nil, code: "timeout", message: "No answer within \(timeout).", retryable: true)
    }

    static func unreadable(_ response: TransportResponse) -> InletClientError {
        InletClientError(
            status: response.status,
            code: "invalid_response",
            message: "The answer could not be read.",
            requestID: response.headers["x-request-id"],
            retryable: false
        )
    }
}
