import HTTPTypes
import Hummingbird
import Logging
import Synchronization

/// The outermost middleware: gives each request its `req_…` id, turns every
/// error into the JSON envelope (404 and 405 included), answers 503 while the
/// server drains, refuses a query string that holds U+0000 (no stored text can
/// match it), and counts requests by route and status.
struct EnvelopeMiddleware: RouterMiddleware {
    typealias Context = InletRequestContext

    let ids: any IdentifierGenerator
    let docsBase: String
    let routes: RouteTable
    let metrics: InletMetrics
    let draining: DrainState

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        let requestID = ids.make(.request)
        context.requestID = requestID
        context.docsBase = docsBase
        var response: Response
        do {
            if draining.isDraining { throw InletError.unavailable }
            if request.uri.query?.contains("%00") == true { throw InletError.invalidBody("The query string must not hold U+0000 (%00).") }
            response = try await next(request, context)
        } catch {
            response = try map(error, request: request, requestID: requestID, logger: context.logger).response(from: request, context: context)
        }
        response.headers[.requestID] = requestID
        metrics.countRequest(route: context.endpointPath ?? "unmatched", method: request.method.rawValue, status: response.status.code)
        return response
    }

    /// Maps an error to the envelope's; an unexpected one is logged with the
    /// request's id (kept out of the logger's metadata, whose every change the
    /// log handler formats, to spare that work on every request).
    private func map(_ error: any Error, request: Request, requestID: String, logger: Logger) -> InletError {
        switch error {
        case let error as InletError:
            return error
        case StoreError.unavailable, StoreError.outcomeUnknown:
            return .store(error)
        case let error as any HTTPResponseError:
            switch error.status.code {
            case 404:
                let allowed = routes.allowedMethods(for: request.uri.path)
                guard !allowed.isEmpty else { return .notFound("Route '\(request.uri.path)'") }
                return InletError(
                    .methodNotAllowed,
                    "\(request.method.rawValue) is not allowed on this route.",
                    headers: [.allow: Set(allowed).sorted().joined(separator: ", ")]
                )
            case 413:
                return InletError(.payloadTooLarge, "The body is over this route's size limit.")
            case 415:
                return InletError(.unsupportedMediaType, "Send the body as application/json.")
            case 400..<500:
                return .invalidBody("The request could not be read.")
            default:
                logger.error("Unexpected HTTP error", metadata: ["status": "\(error.status.code)", "requestId": "\(requestID)"])
                return .internalError
            }
        default:
            logger.error("Unexpected error", metadata: ["error": "\(String(reflecting: type(of: error)))", "requestId": "\(requestID)"])
            return .internalError
        }
    }
}

extension HTTPField.Name {
    static let requestID = HTTPField.Name("X-Request-Id")!
    static let idempotencyKey = HTTPField.Name("Idempotency-Key")!
    static let itemKey = HTTPField.Name("X-Item-Key")!
    static let idempotentReplayed = HTTPField.Name("Idempotent-Replayed")!
    static let rateLimitPolicy = HTTPField.Name("RateLimit-Policy")!
    static let rateLimit = HTTPField.Name("RateLimit")!
    static let lastEventID = HTTPField.Name("Last-Event-ID")!
}

/// Set when graceful shutdown begins: new requests then get 503 `unavailable`.
final class DrainState: Sendable {
    private let flag = Atomic<Bool>(false)

    init() {}

    /// Whether the server is draining.
    var isDraining: Bool { flag.load(ordering: .relaxed) }

    /// Starts draining.
    func startDraining() { flag.store(true, ordering: .relaxed) }
}
