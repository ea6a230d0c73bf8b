import HTTPTypes
import Hummingbird

/// The shared steps of request handling — authenticate, apply limits, read the
/// body, honour idempotency — with the dependencies they need. Controllers
/// compose them.
struct RequestPipeline: Sendable {
    let authenticator: Authenticator
    let limits: LimitsGate
    let idempotency: IdempotencyGate
    let writer: GroupCommitWriter
    let leadBacklog: LeadBacklog
    let envelope: ErrorEnvelope
    let clock: any InletClock
    let ids: any IdentifierGenerator
    let metrics: InletMetrics
    /// Largest body accepted on the ingest routes, in bytes.
    let ingestBodyLimit: Int
    /// Largest body accepted on the admin routes, in bytes.
    let adminBodyLimit: Int
    /// Largest body accepted on `/import/events`, in bytes.
    let importBodyLimit: Int
    /// The bodies of writes being worked on at once.
    let bodies: InFlightBodies

    /// The app key of the request; an admin token is 403 `forbidden` here.
    func requireApp(_ request: Request) async throws -> AppPrincipal {
        switch try await authenticator.authenticate(authorization: request.headers.value(.authorization)) {
        case .app(let principal): return principal
        case .admin: throw InletError(.forbidden, "This route needs an app key, not the admin token.")
        case .stream: throw InletError(.forbidden, "This route needs an app key, not a stream key.")
        }
    }

    /// Requires the admin token; an app key is 403 `forbidden` here.
    func requireAdmin(_ request: Request) async throws {
        guard case .admin = try await authenticator.authenticate(authorization: request.headers.value(.authorization)) else {
            throw InletError(.forbidden, "This route needs the admin token, not an app key.")
        }
    }

    /// Reads the JSON body of a write and runs `body` under the idempotency rules;
    /// the answer carries `fields` (the rate-limit fields) and, for a replay,
    /// `Idempotent-Replayed: true`. With `emptyBody`, a request without a body
    /// reads as that value.
    func idempotentWrite(
        _ request: Request,
        organizationID: String,
        context: InletRequestContext,
        bodyLimit: Int,
        fields: HTTPFields = [:],
        idempotent: Bool = true,
        savesInTransaction: Bool = true,
        emptyBody: JSONValue? = nil,
        _ body: (JSONValue, IdempotencyClaim?) async throws -> StoredResponse
    ) async throws -> Response {
        try await idempotentWrite(
            request,
            organizationID: organizationID,
            context: context,
            bodyLimit: bodyLimit,
            fields: fields,
            idempotent: idempotent,
            savesInTransaction: savesInTransaction
        ) { (bytes: [UInt8], claim) in
            if bytes.isEmpty, let emptyBody { return try await body(emptyBody, claim) }
            try RequestReader.requireJSON(request)
            return try await body(RequestReader.json(bytes), claim)
        }
    }

    /// Reads the body of a write as bytes and runs `body` under the idempotency
    /// rules, for bodies that are not one JSON document (NDJSON).
    func idempotentWrite(
        _ request: Request,
        organizationID: String,
        context: InletRequestContext,
        bodyLimit: Int,
        fields: HTTPFields = [:],
        idempotent: Bool = true,
        savesInTransaction: Bool = true,
        _ body: ([UInt8], IdempotencyClaim?) async throws -> StoredResponse
    ) async throws -> Response {
        try await idempotentWrite(
            request,
            bytes: try await RequestReader.body(of: request, limit: bodyLimit),
            organizationID: organizationID,
            context: context,
            fields: fields,
            idempotent: idempotent,
            savesInTransaction: savesInTransaction,
            body
        )
    }

    /// Runs `body` on the body `bytes`, already read, under the idempotency
    /// rules; `defaultKey` stands for an `Idempotency-Key` the request did not
    /// send, and `scope` for what keys are unique within, when not the route.
    func idempotentWrite(
        _ request: Request,
        bytes: [UInt8],
        organizationID: String,
        scope: String? = nil,
        context: InletRequestContext,
        fields: HTTPFields = [:],
        idempotent: Bool = true,
        savesInTransaction: Bool = true,
        defaultKey: String? = nil,
        _ body: ([UInt8], IdempotencyClaim?) async throws -> StoredResponse
    ) async throws -> Response {
        let sentKey = request.headers.value(.idempotencyKey)
        try sentKey.map(IdempotencyGate.requireWellFormed)
        let key = idempotent ? sentKey ?? defaultKey : nil
        let outcome = try await idempotency.run(
            key: key,
            organizationID: organizationID,
            route: scope ?? Self.idempotencyScope(of: request, context: context),
            request: Array((request.uri.query ?? "").utf8) + [0] + bytes,
            requestID: context.requestID,
            savesInTransaction: savesInTransaction
        ) { claim in
            // Claimed first, so that a retry meanwhile is told the key is in progress rather than waiting too.
            try await bodies.withShare(of: bytes.count) { try await body(bytes, claim) }
        }
        var response = Response.json(outcome.response)
        response.headers.append(contentsOf: fields)
        if outcome.replayed { response.headers[.idempotentReplayed] = "true" }
        return response
    }

    /// What a key is unique within when a route does not name it: the route's
    /// pattern, and the request's path as well when the pattern has parameters.
    static func idempotencyScope(of request: Request, context: InletRequestContext) -> String {
        let path = request.uri.path
        guard let pattern = context.endpointPath, pattern != path else { return path }
        return pattern + " " + path
    }

    /// An ingest write of an app key.
    func idempotentWrite(
        _ request: Request,
        principal: AppPrincipal,
        context: InletRequestContext,
        limits: HTTPFields,
        idempotent: Bool = true,
        _ body: (JSONValue, IdempotencyClaim?) async throws -> StoredResponse
    ) async throws -> Response {
        try await idempotentWrite(
            request,
            organizationID: principal.organization.id,
            context: context,
            bodyLimit: ingestBodyLimit,
            fields: limits,
            idempotent: idempotent,
            body
        )
    }

    /// Runs `work` in the next group commit; work that queues events for the
    /// lead processor first waits until its backlog lets it (``LeadBacklog/admit()``).
    func commit<Work: IngestWork>(
        _ work: Work,
        dryRun: Bool = false,
        recording: AnswerRecording<Work.Outcome>? = nil
    ) async throws -> Committed<Work.Outcome> {
        if Work.queuesLeadEvents && !dryRun { await leadBacklog.admit() }
        return try await writer.submit(work, dryRun: dryRun, recording: recording)
    }

    /// Runs `work` in the next group commit and answers its outcome with
    /// `render`: inside the commit when `claim` records the answer there, after
    /// the commit otherwise.
    func commit<Work: IngestWork>(
        _ work: Work,
        dryRun: Bool = false,
        claim: IdempotencyClaim?,
        render: @escaping @Sendable (Work.Outcome) -> StoredResponse
    ) async throws -> (outcome: Work.Outcome, answer: StoredResponse) {
        let committed = try await commit(work, dryRun: dryRun, recording: claim.map { AnswerRecording(claim: $0, render: render) })
        return (committed.outcome, committed.recorded ?? render(committed.outcome))
    }

    /// Counts stored and rejected rows for `/metrics`.
    func countRows(_ outcome: EventBatchOutcome, dryRun: Bool) {
        guard !dryRun, case .rows(let rows) = outcome else { return }
        let accepted = rows.count { $0.status == .accepted }
        metrics.countRows(outcome: "accepted", code: "none", by: accepted)
        metrics.countRows(outcome: "duplicate", code: "none", by: rows.count { $0.status == .duplicate })
        var rejected: [String: Int] = [:]
        for row in rows { if let error = row.error { rejected[error.code.rawValue, default: 0] += 1 } }
        for (code, count) in rejected { metrics.countRows(outcome: "rejected", code: code, by: count) }
    }
}
