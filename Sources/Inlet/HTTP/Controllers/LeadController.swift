import HTTPTypes
import Hummingbird

/// The lead ingest of seed 002: the active org unit, `POST /ingest`, and the
/// lead reads. Events are stored at the door and processed after
/// (``LeadProcessor``).
struct LeadController {
    /// The cookie that carries the active unit.
    static let unitCookie = "inlet_ou"

    let pipeline: RequestPipeline
    let store: any LeadStore & ReadStore & TenancyStore

    func addRoutes(to router: InletRouter) {
        router.post("/org-units/active", use: activateUnit)
        router.post("/ingest", use: ingest)
        router.post("/import/events", use: importEvents)
        router.get("/leads", use: leadByAlias)
        router.get("/leads/{id}", use: lead)
    }

    /// Sets the active unit: in an HttpOnly cookie, and remembered for the key,
    /// so that a client that keeps no cookies has it too.
    @Sendable func activateUnit(_ request: Request, context: InletRequestContext) async throws -> Response {
        let principal = try await pipeline.requireApp(request)
        let limits = try pipeline.limits.admit(principal)
        var unitID: String?
        var response = try await pipeline.idempotentWrite(
            request,
            principal: principal,
            context: context,
            limits: limits
        ) { json, _ in
            guard case .object = json, let requested = json["ouId"]?.stringValue else {
                throw InletError.invalidBody("The body must be {\"ouId\": \"unit_…\"}.")
            }
            guard let unit = try await store.units(organizationID: principal.organization.id).first(where: { $0.id == requested }) else {
                throw InletError.notFound("Org unit '\(requested.prefix(64))'")
            }
            try await store.setActiveUnit(unit.id, keyID: principal.keyID, organizationID: principal.organization.id)
            pipeline.authenticator.forget(keyID: principal.keyID)
            unitID = unit.id
            return try StoredResponse(status: .ok, encoding: ActiveUnit(ouId: unit.id, name: unit.name, requestId: context.requestID))
        }
        if let unitID {
            response.setCookie(Cookie(name: Self.unitCookie, value: unitID, path: "/", httpOnly: true, sameSite: .lax))
        }
        return response
    }

    @Sendable func ingest(_ request: Request, context: InletRequestContext) async throws -> Response {
        let principal = try await pipeline.requireApp(request)
        let limits = try pipeline.limits.admit(principal)
        let validator = LeadEventValidator(whitelist: EventTypeWhitelist(principal.app.eventTypes), requiresTimestamp: false, ids: pipeline.ids)
        return try await pipeline.idempotentWrite(request, principal: principal, context: context, limits: limits) { json, claim in
            let unitID = try await activeUnit(of: principal, request)
            let receivedAt = pipeline.clock.nowMillis()
            guard case .object = json else { throw InletError.invalidBody("The body must be one event, a JSON object.") }
            let event: LeadEvent
            switch validator.validate(json, receivedAt: receivedAt) {
            case .success(let valid): event = valid
            case .failure(let error) where error.code == .forbiddenEventType: throw InletError(error.code, error.message)
            case .failure(let error): throw InletError.invalidBody(error.message)
            }
            let work = LeadIngestWork(
                organization: principal.organization,
                app: principal.app,
                unitID: unitID,
                route: .ingest,
                events: [.success(event)],
                receivedAt: receivedAt
            )
            let (envelope, requestID) = (pipeline.envelope, context.requestID)
            return try await pipeline.commit(work, claim: claim) {
                LeadResponses.ingest($0, requestID: requestID, envelope: envelope)
            }.answer
        }
    }

    /// Up to 10 000 historical events, as `{"events": [...]}` or NDJSON; each
    /// row needs its `timestamp`. Rows that fail are listed; the others are
    /// stored and scored in timestamp order.
    @Sendable func importEvents(_ request: Request, context: InletRequestContext) async throws -> Response {
        let principal = try await pipeline.requireApp(request)
        let limits = try pipeline.limits.admit(principal)
        let validator = LeadEventValidator(whitelist: EventTypeWhitelist(principal.app.eventTypes), requiresTimestamp: true, ids: pipeline.ids)
        let ndjson = Self.isNDJSON(request)
        return try await pipeline.idempotentWrite(
            request,
            organizationID: principal.organization.id,
            context: context,
            bodyLimit: pipeline.importBodyLimit,
            fields: limits
        ) { (bytes: [UInt8], claim) in
            if !ndjson { try RequestReader.requireJSON(request) }
            let unitID = try await activeUnit(of: principal, request)
            let rows = ndjson ? try LeadImportBody.ndjson(bytes) : try LeadImportBody.json(bytes)
            let receivedAt = pipeline.clock.nowMillis()
            let events = rows.map { row in row.event.flatMap { validator.validate($0, receivedAt: receivedAt) } }
            let work = LeadIngestWork(
                organization: principal.organization,
                app: principal.app,
                unitID: unitID,
                route: .importEvents,
                events: events,
                receivedAt: receivedAt
            )
            let (envelope, requestID, lines) = (pipeline.envelope, context.requestID, rows.map(\.line))
            return try await pipeline.commit(work, claim: claim) {
                LeadResponses.importEvents($0, lines: lines, requestID: requestID, envelope: envelope)
            }.answer
        }
    }

    /// Whether the body is declared NDJSON (`application/x-ndjson`).
    private static func isNDJSON(_ request: Request) -> Bool {
        let mediaType = request.headers.value(.contentType)?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased()
        return mediaType == "application/x-ndjson"
    }

    @Sendable func lead(_ request: Request, context: InletRequestContext) async throws -> Response {
        let (organization, fields) = try await pipeline.organization(readFor: request, in: store)
        return try await leadResponse(try context.parameters.require("id"), organizationID: organization.id, fields: fields)
    }

    @Sendable func leadByAlias(_ request: Request, context: InletRequestContext) async throws -> Response {
        let (organization, fields) = try await pipeline.organization(readFor: request, in: store)
        let organizationID = organization.id
        let query = request.uri.queryParameters
        guard let kindName = query.get("alias_kind"), let value = query.get("alias") else {
            throw InletError.invalidBody("Give 'alias_kind' and 'alias'.")
        }
        guard let kind = LeadAlias.Kind(rawValue: kindName) else {
            throw InletError.invalidBody("'alias_kind' must be one of \(LeadAlias.Kind.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        let alias = LeadAlias(kind: kind, value: value)
        guard let id = try await store.workerID(with: IdentifierKey(organizationID: organizationID, identifier: alias.identifier)) else {
            throw InletError.notFound("Lead with \(kind.rawValue) '\(value.prefix(64))'")
        }
        return try await leadResponse(id, organizationID: organizationID, fields: fields)
    }

    private func leadResponse(_ id: String, organizationID: String, fields: HTTPFields) async throws -> Response {
        guard let worker = try await store.worker(id, organizationID: organizationID) else {
            throw InletError.notFound("Lead '\(id.prefix(64))'")
        }
        let rulesets = try await store.rulesets(organizationID: organizationID)
        let milestones = try await store.milestones(workerID: id, organizationID: organizationID)
        let scores = LeadScores(worker, rulesets: rulesets, at: pipeline.clock.nowMillis())
        var response = try Response.json(LeadResponses.Lead(worker, scores: scores, milestones: milestones, rulesets: rulesets))
        response.headers.append(contentsOf: fields)
        return response
    }

    /// The unit of a lead event: the cookie's, else the one last made active
    /// with the key, else the key's own; none is 400 `active OU not set`.
    private func activeUnit(of principal: AppPrincipal, _ request: Request) async throws -> String {
        if let cookie = request.cookies[Self.unitCookie]?.value {
            guard try await store.units(organizationID: principal.organization.id).contains(where: { $0.id == cookie }) else {
                throw InletError.invalidBody("The active OU '\(cookie.prefix(64))' of the cookie does not exist; set it again.")
            }
            return cookie
        }
        guard let unitID = principal.activeUnitID ?? principal.unitID else { throw InletError.invalidBody("active OU not set") }
        return unitID
    }

    /// The unit that lead events sent with the key now go to.
    struct ActiveUnit: Encodable {
        var ouId: String
        var name: String
        var requestId: String
    }
}
