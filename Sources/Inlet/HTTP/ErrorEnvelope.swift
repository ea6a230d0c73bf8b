import HTTPTypes
import Hummingbird

/// Renders the JSON error envelope of every non-2xx answer.
struct ErrorEnvelope: Sendable {
    /// Base URL of the reference page, for `docsUrl`.
    let docsBase: String

    /// The `error` object of the envelope; `"outcome": "unknown"` when the
    /// write may or may not be stored.
    func errorObject(_ code: ErrorCode, message: String, requestID: String, outcomeUnknown: Bool = false) -> JSONValue {
        .object(
            [
                ("code", .string(code.rawValue)), ("message", .string(message)), ("requestId", .string(requestID)),
                ("docsUrl", .string(docsBase + "/docs#" + code.rawValue)),
            ] + (outcomeUnknown ? [("outcome", .string("unknown"))] : [])
        )
    }

    /// The whole envelope for an error as a stored response.
    func body(for error: InletError, requestID: String) -> StoredResponse {
        StoredResponse(
            status: error.code.status,
            body: JSONWriter.bytes(
                .object([("error", errorObject(error.code, message: error.message, requestID: requestID, outcomeUnknown: error.outcomeUnknown))])
            )
        )
    }
}

extension Response {
    /// A JSON response with a stored status and body.
    static func json(_ stored: StoredResponse) -> Response {
        Response(
            status: stored.status,
            headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: stored.body))
        )
    }

    /// A JSON response of `value` with `status`.
    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        .json(StoredResponse(status: status, body: JSONWriter.bytes(value)))
    }

    /// A JSON response of a wire shape with `status`.
    static func json(_ body: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        .json(try StoredResponse(status: status, encoding: body))
    }
}

extension StoredResponse {
    /// An answer of a wire shape, encoded once into the bytes that a retry
    /// with the same idempotency key is answered with.
    init(status: HTTPResponse.Status, encoding body: some Encodable) throws {
        self.init(status: status, body: JSONWriter.bytes(try JSONValueEncoder().encode(body)))
    }
}
