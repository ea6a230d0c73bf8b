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
        let body: JSONValue = .object([
            ("ok", .bool(true)), ("organizationId", .string(principal.organization.id)), ("app", .string(principal.app.slug)),
            ("keyId", .string(principal.keyID)),
        ])
        var response = Response.json(body)
        response.headers.append(contentsOf: limits)
        return response
    }

    @Sendable func events(_ request: Request, context: InletRequestContext) async throws -> Response {
        let principal = try await pipeline.requireApp(request)
        let limits = try pipeline.limits.admit(principal)
        let dryRun = request.uri.queryParameters.get("dryRun") == "true"
        let processor = EventBatchProcessor(organization: principal.organization, app: principal.app, ids: pipeline.ids)
        let validator = EventValidator(whitelist: EventTypeWhitelist(principal.app.eventTypes), ids: pipeline.ids)
        return try await pipeline.idempotentWrite(
            request, principal: principal, route: "events", context: context, limits: limits, idempotent: !dryRun
        ) {
            json, claim in
            let receivedAt = pipeline.clock.nowMillis()
            let batch = try validator.validate(json, receivedAt: receivedAt)
            let envelope = pipeline.envelope
            let requestID = context.requestID
            // The answer is rendered in the transaction only when it must be recorded there.
            let (outcome, recorded) = try await pipeline.writer.submit(rows: batch.rows.count, rollback: dryRun) { transaction in
                let outcome = try processor.apply(batch, receivedAt: receivedAt, in: transaction)
                guard let claim else { return (outcome, nil as StoredResponse?) }
                let response = IngestResponses.events(outcome, requestID: requestID, envelope: envelope)
                try claim.save(response, in: transaction)
                return (outcome, response)
            }
            pipeline.countRows(outcome, dryRun: dryRun)
            return recorded ?? IngestResponses.events(outcome, requestID: requestID, envelope: envelope)
        }
    }

    @Sendable func snapshots(_ request: Request, context: InletRequestContext) async throws -> Response {
        let principal = try await pipeline.requireApp(request)
        let limits = try pipeline.limits.admit(principal)
        let processor = SnapshotProcessor(organization: principal.organization, app: principal.app, ids: pipeline.ids)
        return try await pipeline.idempotentWrite(
            request, principal: principal, route: "snapshots", context: context, limits: limits
        ) {
            json, claim in
            let receivedAt = pipeline.clock.nowMillis()
            let snapshot = try SnapshotValidator.validate(json, receivedAt: receivedAt)
            let requestID = context.requestID
            return try await pipeline.writer.submit { transaction in
                let outcome = try processor.apply(snapshot, receivedAt: receivedAt, in: transaction)
                let response = IngestResponses.snapshot(outcome, requestID: requestID)
                try claim?.save(response, in: transaction)
                return response
            }
        }
    }
}
