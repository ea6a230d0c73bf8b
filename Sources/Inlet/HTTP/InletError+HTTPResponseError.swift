import HTTPTypes
import Hummingbird

extension InletError: HTTPResponseError {
    public var status: HTTPResponse.Status { code.status }

    /// The JSON error envelope with the request's id, `Retry-After` and any extra fields.
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let context = context as? InletRequestContext
        let envelope = ErrorEnvelope(docsBase: context?.docsBase ?? "")
        var response = Response.json(envelope.body(for: self, requestID: context?.requestID ?? ""))
        if let retryAfter {
            response.headers[.retryAfter] = String(retryAfter)
        }
        response.headers.append(contentsOf: headers)
        return response
    }
}
