import Hummingbird

/// Dead letters: events accepted at the door that the lead processor refused,
/// listed with their reason and replayed once what refused them is fixed.
/// Read and replayed with an app key of the organization, or the admin token
/// with `?org=`.
struct DeadLetterController {
    let pipeline: RequestPipeline
    let store: any LeadStore & TenancyStore

    func addRoutes(to router: InletRouter) {
        router.get("/api/v1/dead-letters", use: list)
        router.post("/api/v1/dead-letters/{id}/replay", use: replay)
    }

    /// Newest first; `?reason=` keeps one reason code.
    @Sendable func list(_ request: Request, context: InletRequestContext) async throws -> Response {
        let (organization, fields) = try await pipeline.organization(readFor: request, in: store)
        let query = request.uri.queryParameters
        let limit = try Paging.limit(query.get("limit"))
        var before: Int64?
        if let parts = try Cursor.decode(query.get("cursor"), parts: 1) {
            guard let sequence = Int64(parts[0]) else { throw InletError.invalidBody("The cursor was not issued by this server.") }
            before = sequence
        }
        let letters = try await store.deadLetters(
            DeadLetterQuery(
                organizationID: organization.id,
                reasonCode: query.get("reason"),
                before: before,
                failedSince: organization.retainedSince(pipeline.clock.nowMillis()),
                limit: limit + 1
            )
        )
        let page = letters.prefix(limit)
        let next = letters.count > limit ? page.last.map { Cursor.encode([String($0.sequence)]) } : nil
        var response = try Response.json(Page(items: page.map(LeadResponses.DeadLetter.init), nextCursor: next))
        response.headers.append(contentsOf: fields)
        return response
    }

    /// Queues the dead letter's event again (202). Processed, it is scored and
    /// the entry goes; refused again, the entry stays with the new reason. A
    /// replay while one is queued queues nothing more.
    @Sendable func replay(_ request: Request, context: InletRequestContext) async throws -> Response {
        let (organization, fields) = try await pipeline.organization(readFor: request, in: store)
        let organizationID = organization.id
        let id = try context.parameters.require("id")
        return try await pipeline.idempotentWrite(
            request,
            organizationID: organizationID,
            context: context,
            bodyLimit: pipeline.adminBodyLimit,
            fields: fields,
            savesInTransaction: false,
            emptyBody: .object([])
        ) { _, _ in
            guard try await store.replayDeadLetter(id, organizationID: organizationID) else {
                throw InletError.notFound("Dead letter '\(id.prefix(64))'")
            }
            return try StoredResponse(status: .accepted, encoding: Replayed(id: id, requestId: context.requestID))
        }
    }

    /// The answer to a replay: the dead letter's event is queued again.
    struct Replayed: Encodable {
        var status = "accepted"
        var id: String
        var requestId: String
    }
}
