import Hummingbird

/// The timeline and people reads, for an app key's own organization or the
/// admin token with `?org=`.
struct ReadController {
    let pipeline: RequestPipeline
    let store: any ReadStore & TenancyStore

    func addRoutes(to router: InletRouter) {
        router.get("/api/v1/timeline", use: timeline)
        router.get("/api/v1/workers", use: workers)
        router.get("/api/v1/workers/{id}", use: worker)
        router.get("/api/v1/export/events", use: exportEvents)
    }

    @Sendable func timeline(_ request: Request, context: InletRequestContext) async throws -> Response {
        let (organization, fields) = try await pipeline.organization(readFor: request, in: store)
        let query = request.uri.queryParameters
        let limit = try Paging.limit(query.get("limit"))
        var timelineQuery = try filters(query, of: organization)
        timelineQuery.limit = limit + 1
        if let parts = try Cursor.decode(query.get("cursor"), parts: 2) {
            guard let timestamp = Int64(parts[0]), let sequence = Int64(parts[1]) else {
                throw InletError.invalidBody("The cursor was not issued by this server.")
            }
            timelineQuery.after = TimelinePosition(timestamp: timestamp, sequence: sequence)
        }
        let events = try await store.timeline(timelineQuery)
        let page = events.prefix(limit)
        let next = events.count > limit ? page.last.map { Cursor.encode([String($0.event.timestamp), String($0.sequence)]) } : nil
        var response = try Response.json(Page(items: page.map(ReadResponses.timelineEvent), nextCursor: next))
        response.headers.append(contentsOf: fields)
        return response
    }

    @Sendable func workers(_ request: Request, context: InletRequestContext) async throws -> Response {
        let (organization, fields) = try await pipeline.organization(readFor: request, in: store)
        let organizationID = organization.id
        let query = request.uri.queryParameters
        let limit = try Paging.limit(query.get("limit"))
        let after = try Cursor.decode(query.get("cursor"), parts: 1)?[0]
        let workers = try await store.workers(organizationID: organizationID, after: after, limit: limit + 1, leadsOnly: false)
        let page = Array(workers.prefix(limit))
        let snapshots = try await store.snapshots(workerIDs: page.map(\.id), organizationID: organizationID)
        let rulesets = try await store.rulesets(organizationID: organizationID)
        let now = pipeline.clock.nowMillis()
        let items = page.map {
            ReadResponses.Worker($0, scores: LeadScores($0, rulesets: rulesets, at: now), snapshots: snapshots[$0.id] ?? [], withHistory: false)
        }
        let next = workers.count > limit ? page.last.map { Cursor.encode([$0.id]) } : nil
        var response = try Response.json(Page(items: items, nextCursor: next))
        response.headers.append(contentsOf: fields)
        return response
    }

    @Sendable func worker(_ request: Request, context: InletRequestContext) async throws -> Response {
        let (organization, fields) = try await pipeline.organization(readFor: request, in: store)
        let organizationID = organization.id
        let id = try context.parameters.require("id")
        guard let worker = try await store.worker(id, organizationID: organizationID) else {
            throw InletError.notFound("Worker '\(id.prefix(64))'")
        }
        let snapshots = try await store.snapshots(workerIDs: [id], organizationID: organizationID)[id] ?? []
        let now = pipeline.clock.nowMillis()
        let scores = LeadScores(worker, rulesets: try await store.rulesets(organizationID: organizationID), at: now)
        let kept = snapshots.retained(since: organization.retainedSince(now))
        var response = try Response.json(ReadResponses.Worker(worker, scores: scores, snapshots: kept, withHistory: true))
        response.headers.append(contentsOf: fields)
        return response
    }

    /// The timeline oldest first as NDJSON, one timeline event per line, with
    /// the timeline's filters; `after` names the event a cut export resumes after
    /// (absent or empty: from the start).
    @Sendable func exportEvents(_ request: Request, context: InletRequestContext) async throws -> Response {
        let (organization, fields) = try await pipeline.organization(readFor: request, in: store)
        let query = request.uri.queryParameters
        let filters = try filters(query, of: organization, oldestFirst: true)
        var start: TimelinePosition?
        if let id = query.get("after"), !id.isEmpty {
            start = try await store.timelinePosition(ofEvent: id, organizationID: organization.id)
            guard start != nil else { throw InletError.notFound("Event '\(id.prefix(64))' named by 'after'") }
        }
        let store = self.store
        let export = NDJSONExport<TimelineEvent, TimelinePosition>(
            page: { after, limit in
                var page = filters
                page.after = after
                page.limit = limit
                return try await store.timeline(page)
            },
            position: { TimelinePosition(timestamp: $0.event.timestamp, sequence: $0.sequence) },
            line: ReadResponses.timelineEvent
        )
        return try await export.response(after: start, headers: fields)
    }

    /// The timeline's filters among a request's query parameters, within the
    /// organization's retention.
    private func filters(_ query: Parameters, of organization: Organization, oldestFirst: Bool = false) throws -> TimelineQuery {
        var filters = TimelineQuery(
            organizationID: organization.id,
            from: try Self.time(query.get("from"), "from"),
            to: try Self.time(query.get("to"), "to"),
            workerID: query.get("workerId"),
            source: query.get("source"),
            eventType: query.get("eventType"),
            oldestFirst: oldestFirst
        )
        filters.retain(since: organization.retainedSince(pipeline.clock.nowMillis()))
        return filters
    }

    private static func time(_ text: String?, _ name: String) throws -> Int64? {
        guard let text else { return nil }
        guard let time = RFC3339.parse(text) else { throw InletError.invalidBody("'\(name)' must be an RFC 3339 timestamp.") }
        return time
    }
}
