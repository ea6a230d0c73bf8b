import HTTPTypes
import Hummingbird

/// The first steps of every write: size limit, media type, JSON parse.
enum RequestReader {
    /// The body bytes, or 413 `payload_too_large` when over `limit`.
    static func body(of request: Request, limit: Int) async throws -> [UInt8] {
        if let length = request.headers.value(.contentLength).flatMap(Int.init), length > limit {
            throw InletError(.payloadTooLarge, "The body is \(length) bytes; this route accepts at most \(limit).")
        }
        var request = request
        do {
            let buffer = try await request.collectBody(upTo: limit)
            return Array(buffer.readableBytesView)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            throw InletError(.payloadTooLarge, "The body is over \(limit) bytes, this route's limit.")
        }
    }

    /// Throws 415 unless the body is declared as JSON (a missing type is accepted).
    static func requireJSON(_ request: Request) throws {
        guard let contentType = request.headers.value(.contentType), contentType != "application/json" else { return }
        let mediaType = contentType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        guard mediaType == "application/json" || (mediaType.hasPrefix("application/") && mediaType.hasSuffix("+json")) else {
            throw InletError(.unsupportedMediaType, "Content-Type '\(contentType.prefix(100))' is not supported; send application/json.")
        }
    }

    /// The body parsed as JSON, or 400 `invalid_body` saying why not.
    static func json(_ bytes: [UInt8]) throws -> JSONValue {
        do {
            return try JSONParser.parse(bytes)
        } catch {
            throw InletError.invalidBody("The body is not valid JSON: \(error.description).")
        }
    }
}
