import Hummingbird

/// `POST /api/webhook/{stream}`: anything that can POST JSON upserts items into
/// a stream with the stream's own ingest key, or signed as the stream's
/// ``DataStream/signature`` says.
struct WebhookController {
    let pipeline: RequestPipeline
    let streams: any TenancyStore

    /// "MB" is 2^20 bytes.
    static let bodyLimit = 1 << 20

    func addRoutes(to router: InletRouter) {
        router.post("/api/webhook/{stream}", use: receive)
    }

    @Sendable func receive(_ request: Request, context: InletRequestContext) async throws -> Response {
        let sender = try await sender(of: request, streamName: try context.parameters.require("stream"))
        let limits = try pipeline.limits.admit(sender.principal)
        let stream = sender.principal.stream
        let itemKey = try request.headers.value(.itemKey).map(Self.validItemKey) ?? stream.itemKey
        let bytes: [UInt8]
        if let body = sender.body { bytes = body } else { bytes = try await RequestReader.body(of: request, limit: Self.bodyLimit) }
        return try await pipeline.idempotentWrite(
            request,
            bytes: bytes,
            organizationID: stream.organizationID,
            scope: "webhook/" + stream.id,
            context: context,
            fields: limits,
            defaultKey: sender.deliveryID
        ) { bytes, claim in
            try RequestReader.requireJSON(request)
            let items = try WebhookPayload.items(try RequestReader.json(bytes), key: itemKey)
            let work = StreamItemWork(stream: stream, items: items, receivedAt: pipeline.clock.nowMillis())
            let (envelope, requestID) = (pipeline.envelope, context.requestID)
            return try await pipeline.commit(work, claim: claim) {
                WebhookResponses.items($0, received: work.rows, requestID: requestID, envelope: envelope)
            }.answer
        }
    }

    /// Who sent a webhook: the stream's key, or else a signature that a signed
    /// stream of that name verifies over the body, with the sender's delivery id.
    private struct Sender {
        var principal: StreamPrincipal
        /// The body, when it was read to check its signature.
        var body: [UInt8]?
        var deliveryID: String?
    }

    /// The stream key of the stream named in the path: another stream's key is
    /// 403, a stream its organization does not have 404, any other credential
    /// 403. Without a valid key, a stream of that name that checks signatures
    /// decides: 401 `invalid_signature` unless one verifies.
    private func sender(of request: Request, streamName: String) async throws -> Sender {
        let principal: Principal
        do {
            principal = try await pipeline.authenticator.authenticate(authorization: request.headers.value(.authorization))
        } catch let error as InletError where error.code == .invalidKey {
            let signed = try await streams.signedStreams(named: streamName)
            guard !signed.isEmpty else { throw error }
            return try await signedSender(of: request, among: signed)
        }
        switch principal {
        case .stream(let principal):
            _ = try await principal.requireStream(named: streamName, in: streams)
            return Sender(principal: principal)
        case .app, .admin:
            throw InletError(.forbidden, "A webhook takes its stream's ik_live_ key.")
        }
    }

    private func signedSender(of request: Request, among signed: [DataStream]) async throws -> Sender {
        let body = try await RequestReader.body(of: request, limit: Self.bodyLimit)
        let now = pipeline.clock.nowMillis() / 1000
        for stream in signed {
            guard let signature = stream.signature,
                let delivery = SignedDelivery(headers: request.headers, body: body, signature: signature, now: now),
                let organization = try await streams.organization(stream.organizationID)
            else { continue }
            return Sender(principal: StreamPrincipal(organization: organization, stream: stream), body: body, deliveryID: delivery.deliveryID)
        }
        throw InletError(
            .invalidSignature,
            "The request has no valid stream key, and its signature is missing, wrong or more than 5 minutes old for this stream."
        )
    }

    private static func validItemKey(_ name: String) throws -> String {
        guard TextField.isValid(name, maximumLength: ItemFlattener.maximumNameLength) else {
            throw InletError.invalidBody("X-Item-Key must name a flattened field of 1-\(ItemFlattener.maximumNameLength) characters.")
        }
        return name
    }
}
