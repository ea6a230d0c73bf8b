import HTTPTypes
import Hummingbird

extension RequestPipeline {
    /// An admin write: the admin token, then a JSON body under idempotency
    /// scoped to the organization `organizationID` finds (checked after the
    /// token, so a wrong credential is 401/403 before any 404).
    func adminWrite(
        _ request: Request,
        _ context: InletRequestContext,
        route: String,
        emptyBody: JSONValue? = nil,
        _ body: @escaping (JSONValue) async throws -> (HTTPResponse.Status, any Encodable),
        organizationID: () async throws -> String
    ) async throws -> Response {
        try await requireAdmin(request)
        return try await idempotentWrite(
            request,
            organizationID: try await organizationID(),
            route: "admin/" + route + " " + request.uri.path,
            context: context,
            bodyLimit: adminBodyLimit,
            savesInTransaction: false,
            emptyBody: emptyBody
        ) { json, _ in
            let (status, value) = try await body(json)
            return try StoredResponse(status: status, encoding: value)
        }
    }
}
