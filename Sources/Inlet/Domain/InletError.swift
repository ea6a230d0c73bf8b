import HTTPTypes

/// The one error type of Inlet: a stable ``ErrorCode``, a message safe to show to
/// clients, and optional response headers (`Retry-After`, `Allow`).
public struct InletError: Error, Sendable, Equatable {
    /// The stable code; decides the status.
    var code: ErrorCode
    /// A human-readable message without internals.
    public var message: String
    /// Seconds after which a retry may succeed, sent as `Retry-After`.
    var retryAfter: Int?
    /// Extra response header fields.
    var headers: HTTPFields
    /// Whether the write's outcome cannot be known (it may or may not be
    /// stored); the envelope's error then has `"outcome": "unknown"`.
    var outcomeUnknown = false

    init(_ code: ErrorCode, _ message: String, retryAfter: Int? = nil, headers: HTTPFields = [:]) {
        self.code = code
        self.message = message
        self.retryAfter = retryAfter
        self.headers = headers
    }

    static func invalidBody(_ message: String) -> InletError { .init(.invalidBody, message) }
    static func notFound(_ what: String) -> InletError { .init(.notFound, "\(what) not found.") }
    static func planLimit(cap: Int) -> InletError { .init(.planLimit, "The organization's monthly cap of \(cap) events is reached.") }
    static let invalidKey = InletError(.invalidKey, "The credential is missing, unknown or revoked.")
    static let internalError = InletError(.internalError, "An internal error occurred. Retry later.")
    static let overloaded = InletError(.overloaded, "The server is overloaded. Retry later.", retryAfter: 1)
    static let unavailable = InletError(.unavailable, "The server is shutting down. Retry later.", retryAfter: 1)
    static let storeUnavailable = InletError(.unavailable, "The store cannot be reached. Retry later.", retryAfter: 1)
    static let storeOutcomeUnknown: InletError = {
        var error = InletError(
            .unavailable,
            "The store did not confirm the write, which may or may not be stored. Retry with the same Idempotency-Key or event ids, so that it is stored once.",
            retryAfter: 1
        )
        error.outcomeUnknown = true
        return error
    }()

    /// The error a request gets for a store failure.
    static func store(_ error: any Error) -> InletError {
        (error as? InletError) ?? (error as? StoreError == .outcomeUnknown ? .storeOutcomeUnknown : .storeUnavailable)
    }
}
