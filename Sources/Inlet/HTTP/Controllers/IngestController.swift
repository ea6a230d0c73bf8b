import HTTPTypes
import Hummingbird

/// The Ingest API v1: `ping`, `events`, `snapshots`. Each write runs the
/// pipeline size limit → authenticate → limits → idempotency → decode →
/// validate → group commit (resolve and store) → respond.
struct IngestController {
    let pipeline: RequestPipeline

    func addRoutes(to router: InletRouter) {
        router.get("/api/v1/ingest/ping", use: ping)
        router.post("/api/v1/ingest/events", use: events)
        router.post("/api/v1/ingest/snapshots", use: snapshots)
    }

    @Sendable func ping(_ request: Request, context: InletRequestContext) async throws -> Response {
        let principal = try await pipeline.requireApp(request)
        let limits = try pipeline.limits.admit(principal)
        var response = try Response.json(Pong(organizationId: principal.organization.id, app: principal.app.slug, keyId: principal.keyID))
        response.headers.append(contentsOf: limits)
        return response
    }

    @Sendable func events(_ request: Request, context: InletRequestContext) async throws -> Response {
        let principal = try await pipeline.requireApp(request)
        let limits = try pipeline.limits.admit(principal)
        let dryRun = try Self.dryRun(request.uri.queryParameters.get("dryRun"))
        let validator = EventValidator(whitelist: EventTypeWhitelist(principal.app.eventTypes), ids: pipeline.ids)
        return try await pipeline.idempotentWrite(
            request,
            principal: principal,
            context: context,
            limits: limits,
            idempotent: !dryRun
        ) { json, claim in
            let receivedAt = pipeline.clock.nowMillis()
            let work = EventBatchWork(
                organization: principal.organization,
                app: principal.app,
                batch: try validator.validate(json, receivedAt: receivedAt),
                receivedAt: receivedAt,
                ids: pipeline.ids
            )
            let (envelope, requestID) = (pipeline.envelope, context.requestID)
            let (outcome, answer) = try await pipeline.commit(work, dryRun: dryRun, claim: claim) {
                IngestResponses.events($0, requestID: requestID, envelope: envelope)
            }
            pipeline.countRows(outcome, dryRun: dryRun)
            return answer
        }
    }

    @Sendable func snapshots(_ request: Request, context: InletRequestContext) async throws -> Response {
        let principal = try await pipeline.requireApp(request)
        let limits = try pipeline.limits.admit(principal)
        return try await pipeline.idempotentWrite(
            request,
            principal: principal,
            context: context,
            limits: limits
        ) { json, claim in
            let receivedAt = pipeline.clock.nowMillis()
            let work = SnapshotWork(
                organization: principal.organization,
                app: principal.app,
                snapshot: try SnapshotValidator.validate(json, receivedAt: receivedAt),
                receivedAt: receivedAt,
                ids: pipeline.ids
            )
            let (envelope, requestID) = (pipeline.envelope, context.requestID)
            return try await pipeline.commit(work, claim: claim) { outcome in
                switch outcome {
                case .success(let snapshot): IngestResponses.snapshot(snapshot, requestID: requestID)
                case .failure(let error): envelope.body(for: error, requestID: requestID)
                }
            }.answer
        }
    }

    /// `?dryRun=true` or `false`; absent is false, anything else 400 `invalid_body`.
    private static func dryRun(_ text: String?) throws -> Bool {
        switch text {
        case nil, "false": false
        case "true": true
        default: throw InletError.invalidBody("'dryRun' must be true or false.")
        }
    }

    /// The answer to a ping: the key is good, and whose it is.
    struct Pong: Encodable {
        var ok = true
        var organizationId: String
        var app: String
        var keyId: String
    }
}
