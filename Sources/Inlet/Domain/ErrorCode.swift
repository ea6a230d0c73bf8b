import HTTPTypes

/// Every stable error code Inlet answers with; the raw value is the wire `code`
/// and the metric label.
enum ErrorCode: String, Sendable, CaseIterable, Codable {
    case invalidBody = "invalid_body"
    case invalidKey = "invalid_key"
    case invalidSignature = "invalid_signature"
    case forbidden
    case notFound = "not_found"
    case methodNotAllowed = "method_not_allowed"
    case idempotencyInProgress = "idempotency_in_progress"
    case alreadyExists = "already_exists"
    case payloadTooLarge = "payload_too_large"
    case unsupportedMediaType = "unsupported_media_type"
    case idempotencyKeyReused = "idempotency_key_reused"
    case planLimit = "plan_limit"
    case invalidActor = "invalid_actor"
    case unknownWorker = "unknown_worker"
    case forbiddenEventType = "forbidden_event_type"
    case invalidEvent = "invalid_event"
    case invalidTimestamp = "invalid_timestamp"
    case metadataTooLarge = "metadata_too_large"
    case invalidItem = "invalid_item"
    case missingItemKey = "missing_item_key"
    case rateLimited = "rate_limited"
    case internalError = "internal_error"
    case overloaded
    case unavailable

    /// The HTTP status this code answers with when it is the top-level error.
    var status: HTTPResponse.Status {
        switch self {
        case .invalidBody, .invalidActor: .badRequest
        case .invalidKey, .invalidSignature: .unauthorized
        case .planLimit: .init(code: 402, reasonPhrase: "Payment Required")
        case .forbidden: .forbidden
        case .notFound: .notFound
        case .methodNotAllowed: .methodNotAllowed
        case .idempotencyInProgress, .alreadyExists: .conflict
        case .payloadTooLarge: .contentTooLarge
        case .unsupportedMediaType: .unsupportedMediaType
        case .idempotencyKeyReused, .unknownWorker, .forbiddenEventType, .invalidEvent, .invalidTimestamp,
            .metadataTooLarge, .invalidItem, .missingItemKey:
            .unprocessableContent
        case .rateLimited: .tooManyRequests
        case .internalError: .internalServerError
        case .overloaded, .unavailable: .serviceUnavailable
        }
    }

    /// Whether a client may retry the same request unchanged.
    var isRetryable: Bool {
        self == .idempotencyInProgress || status == .tooManyRequests || status.kind == .serverError
    }

    /// One line describing the code, shown on the reference page.
    var summary: String {
        switch self {
        case .invalidBody: "The body is not valid JSON of the expected shape, or a query parameter is malformed."
        case .invalidKey: "The credential is missing, unknown or revoked."
        case .invalidSignature:
            "A webhook without a valid stream key whose signature is missing, wrong, or more than 5 minutes old for the stream's scheme."
        case .forbidden: "The credential is valid but of the wrong kind for this route."
        case .notFound: "No such route or resource in this organization."
        case .methodNotAllowed: "The route exists but not with this method; see the Allow header."
        case .idempotencyInProgress: "A request with the same Idempotency-Key is still being processed. Retry."
        case .alreadyExists: "A resource with this slug or name already exists. Not retryable."
        case .payloadTooLarge: "The body is over the route's size limit."
        case .unsupportedMediaType: "The body is not sent as application/json."
        case .idempotencyKeyReused: "The Idempotency-Key was already used with a different body."
        case .planLimit: "The organization's monthly event cap is reached."
        case .invalidActor: "The actor is missing or has none of workerId, externalId, email."
        case .unknownWorker: "The actor's workerId does not exist in this organization."
        case .forbiddenEventType: "The eventType is not in the app's whitelist."
        case .invalidEvent: "A field of the event has the wrong type or value."
        case .invalidTimestamp: "The timestamp is not RFC 3339 with an offset, or is more than 1 h in the future."
        case .metadataTooLarge: "The serialized metadata is over 16 384 bytes."
        case .invalidItem: "A webhook item names a field twice, has an empty or invalid field name, or its key field is not a string or number."
        case .missingItemKey: "A webhook item lacks the field that identifies it (X-Item-Key or the stream's item key)."
        case .rateLimited: "The key's or organization's request rate is exceeded; see Retry-After."
        case .internalError: "An unexpected server failure. Retry later."
        case .overloaded: "The store cannot keep up, or too many credentials wait for their check; see Retry-After."
        case .unavailable:
            "The server is shutting down or the store is unreachable; see Retry-After. Nothing of the write was stored, unless the "
                + "error says \"outcome\": \"unknown\": then it may have been, and a retry needs the same Idempotency-Key or event ids."
        }
    }
}
