import Hummingbird

/// `POST /api/webhook/{stream}`: anything that can POST JSON upserts items into
/// a stream with the stream's own ingest key.
struct WebhookController {
    let pipeline: RequestPipeline
    let streams: any TenancyStore

    /// "MB" is 2^20 bytes.
    static let bodyLimit = 1 << 20

    func addRoutes(to router: InletRouter) {
        router.post("/api/webhook/{stream}", use: receive)
    }

    @Sendable func receive(_ request: Request, context: InletRequestContext) async throws -> Response {
        let principal = try await streamPrincipal(of: request, streamName: try context.parameters.require("stream"))
        let limits = try pipeline.limits.admit(principal)
        let stream = principal.stream
        let itemKey = try request.headers[.itemKey].map(Self.validItemKey) ?? stream.itemKey
        return try await pipeline.idempotentWrite(
            request,
            organizationID: stream.organizationID,
            route: "webhook/" + stream.id,
            context: context,
            bodyLimit: Self.bodyLimit,
            fields: limits
        ) { json, claim in
            let work = StreamItemWork(stream: stream, items: try WebhookPayload.items(json, key: itemKey), receivedAt: pipeline.clock.nowMillis())
            let (envelope, requestID) = (pipeline.envelope, context.requestID)
            return try await pipeline.commit(work, claim: claim) {
                WebhookResponses.items($0, received: work.rows, requestID: requestID, envelope: envelope)
            }.answer
        }
    }

    /// The stream key of the stream named in the path: another stream's key is
    /// 403, a stream its organization does not have 404, any other credential 403.
    private func streamPrincipal(of request: Request, streamName: String) async throws -> StreamPrincipal {
        switch try await pipeline.authenticator.authenticate(authorization: request.headers[.authorization]) {
        case .stream(let principal):
            _ = try await principal.requireStream(named: streamName, in: streams)
            return principal
        case .app, .admin:
            throw InletError(.forbidden, "A webhook takes its stream's ik_live_ key.")
        }
    }

    private static func validItemKey(_ name: String) throws -> String {
        guard TextField.isValid(name, maximumLength: ItemFlattener.maximumNameLength) else {
            throw InletError.invalidBody("X-Item-Key must name a flattened field of 1-\(ItemFlattener.maximumNameLength) characters.")
        }
        return name
    }
}
