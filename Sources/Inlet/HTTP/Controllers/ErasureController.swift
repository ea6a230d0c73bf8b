import Hummingbird

/// Erasure of people (SPEC §13), with the admin token: by id, or by an
/// identifier or alias; and the log of erasures.
struct ErasureController {
    let pipeline: RequestPipeline
    let erasures: ErasureService

    func addRoutes(to router: InletRouter) {
        router.delete("/api/v1/admin/orgs/{org}/workers/{id}", use: eraseWorker)
        router.delete("/api/v1/admin/orgs/{org}/workers", use: eraseByIdentifier)
        router.get("/api/v1/admin/orgs/{org}/erasures", use: list)
    }

    /// The answer to an erasure.
    struct Erased: Encodable {
        var erasure: String
        var deleted: ErasedRows

        init(_ erasure: Erasure) {
            self.erasure = erasure.id
            self.deleted = erasure.deleted
        }
    }

    /// An erasure in the log.
    struct Logged: Encodable {
        var id: String
        var erasedAt: String
        var deleted: ErasedRows

        init(_ erasure: Erasure) {
            id = erasure.id
            erasedAt = RFC3339.format(erasure.erasedAt)
            deleted = erasure.deleted
        }
    }

    @Sendable func eraseWorker(_ request: Request, context: InletRequestContext) async throws -> Response {
        try await pipeline.requireAdmin(request)
        let organization = try await erasures.tenancy.organization(try context.parameters.require("org"))
        return try .json(Erased(try await erasures.erase(in: organization, .worker(try context.parameters.require("id")))))
    }

    @Sendable func eraseByIdentifier(_ request: Request, context: InletRequestContext) async throws -> Response {
        try await pipeline.requireAdmin(request)
        let query = request.uri.queryParameters
        guard let kind = query.get("kind"), let value = query.get("value") else {
            throw InletError.invalidBody("Name the person by id (…/workers/{id}) or by 'kind' and 'value'.")
        }
        let organization = try await erasures.tenancy.organization(try context.parameters.require("org"))
        let subject = try await erasures.subject(organizationID: organization.id, kind: kind, value: value, app: query.get("app"))
        return try .json(Erased(try await erasures.erase(in: organization, subject)))
    }

    @Sendable func list(_ request: Request, context: InletRequestContext) async throws -> Response {
        try await pipeline.requireAdmin(request)
        let query = request.uri.queryParameters
        let (page, next) = try await erasures.erasures(
            organization: try context.parameters.require("org"),
            after: try Cursor.decode(query.get("cursor"), parts: 1)?[0],
            limit: try Paging.limit(query.get("limit"))
        )
        return try .json(Page(items: page.map(Logged.init), nextCursor: next.map { Cursor.encode([$0]) }))
    }
}
