import HTTPTypes
import Hummingbird

extension RequestPipeline {
    /// An admin write: the admin token, then a JSON body decoded as `Body`
    /// under idempotency scoped to the organization `organizationID` finds
    /// (checked after the token, so a wrong credential is 401/403 before any 404).
    /// An ``EmptyBody`` may be sent as no body at all.
    func adminWrite<Body: Decodable>(
        _ request: Request,
        _ context: InletRequestContext,
        _ type: Body.Type,
        _ handle: @escaping (Body) async throws -> (HTTPResponse.Status, any Encodable),
        organizationID: () async throws -> String
    ) async throws -> Response {
        try await requireAdmin(request)
        return try await idempotentWrite(
            request,
            organizationID: try await organizationID(),
            context: context,
            bodyLimit: adminBodyLimit,
            savesInTransaction: false,
            emptyBody: type == EmptyBody.self ? .object([]) : nil
        ) { json, _ in
            let (status, value) = try await handle(try JSONValueDecoder().decode(type, from: json))
            return try StoredResponse(status: status, encoding: value)
        }
    }
}
