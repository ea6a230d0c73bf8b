import Hummingbird

extension DashboardController {
    /// People shown per page.
    static let peoplePage = 50

    func addPeopleRoutes(to group: RouterGroup<InletRequestContext>) {
        group.get("people", use: people)
        group.get("people/:id", use: person)
        group.post("people/:id/erase", use: erasePerson)
        group.get("leads", use: leads)
    }

    /// People with their activity score, scores and strip.
    @Sendable func people(_ request: Request, context: InletRequestContext) async throws -> Response {
        let scope = try await scope(request)
        let (page, next) = try await workerPage(request, scope)
        let snapshots = try await store.snapshots(workerIDs: page.map(\.id), organizationID: scope.organization.id)
        let rulesets = try await store.rulesets(organizationID: scope.organization.id)
        let now = pipeline.clock.nowMillis()
        var values = scope.layout(title: "People", tab: "people")
        values["people"] = page.map { worker in
            let scores = LeadScores(worker, rulesets: rulesets, at: now)
            let current = (snapshots[worker.id] ?? []).filter { $0.replacedAt == nil }
            return worker.personValues.merging([
                "identifiers": worker.identifiers.map(\.dashboardText).joined(separator: ", "),
                "activityScore": scores.activity, "scores": Self.scoreValues(scores),
                "strip": Strip.build(from: current).map { ["app": $0.app, "metrics": $0.metrics.map(Self.metricCard)] },
            ]) { $1 }
        }
        values["empty"] = page.isEmpty
        values["next"] = next.map { "?org=\(scope.organization.slug.urlQueryEncoded)&cursor=\($0)" }
        values["notice"] = request.uri.queryParameters.get("notice")
        return pages.page("people", values)
    }

    /// One person: identifiers, scores, current snapshots, their history with a
    /// chart per numeric metric, milestones and recent events.
    @Sendable func person(_ request: Request, context: InletRequestContext) async throws -> Response {
        let scope = try await scope(request)
        let id = try context.parameters.require("id")
        guard let worker = try await store.worker(id, organizationID: scope.organization.id) else {
            throw DashboardError.notFound("There is no person '\(id.prefix(64))' in \(scope.organization.name).")
        }
        let now = pipeline.clock.nowMillis()
        let retainedSince = scope.organization.retainedSince(now)
        let snapshots = (try await store.snapshots(workerIDs: [id], organizationID: scope.organization.id)[id] ?? []).retained(since: retainedSince)
        let rulesets = try await store.rulesets(organizationID: scope.organization.id)
        let milestones = try await store.milestones(workerID: id, organizationID: scope.organization.id)
        var recent = TimelineQuery(organizationID: scope.organization.id, workerID: id, limit: 20)
        recent.retain(since: retainedSince)
        let events = try await store.timeline(recent)
        let scores = LeadScores(worker, rulesets: rulesets, at: now)
        let names = Dictionary(rulesets.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })

        var values = scope.layout(title: worker.displayName ?? "Person \(id)", tab: "people")
        values["id"] = id
        values["named"] = worker.displayName != nil
        values["unit"] = worker.unitID
        values["createdAt"] = RFC3339.format(worker.createdAt)
        values["identifiers"] = worker.identifiers.map { ["kind": $0.kind, "value": $0.value, "app": $0.app ?? "—"] }
        values["scores"] = Self.scoreValues(scores)
        values["current"] = snapshots.filter { $0.replacedAt == nil }.map(Self.snapshotCard)
        values["history"] = SnapshotHistory(snapshots).series.map { ["name": $0.name, "svg": $0.svg, "latest": $0.latest] }
        values["milestones"] = milestones.map {
            ["name": $0.name, "ruleset": names[$0.rulesetID] ?? $0.rulesetID, "reachedAt": RFC3339.format($0.reachedAt)]
        }
        values["events"] = events.map { Self.eventRow($0.event, person: worker) }
        return pages.page("person", values)
    }

    /// Erases a person with everything about them, after the page's
    /// confirmation, and says what was deleted.
    @Sendable func erasePerson(_ request: Request, context: InletRequestContext) async throws -> Response {
        let (scope, _) = try await form(request)
        let erasure = try await ErasureService(store: store, tenancy: tenancy)
            .erase(in: scope.organization, .worker(try context.parameters.require("id")))
        let deleted = erasure.deleted
        let notice =
            "Person erased (\(erasure.id)). Deleted: events \(deleted.events), snapshots \(deleted.snapshots), identifiers \(deleted.identifiers), "
            + "scores \(deleted.scores), milestones \(deleted.milestones), queued \(deleted.queued), dead letters \(deleted.deadLetters)."
        return redirect("/dashboard/people", scope, "&notice=" + notice.urlQueryEncoded)
    }

    /// The people in an org unit with their scores and milestones (one query
    /// for the page's milestones), and a lookup by alias.
    @Sendable func leads(_ request: Request, context: InletRequestContext) async throws -> Response {
        let scope = try await scope(request)
        let query = request.uri.queryParameters
        if let kindText = query.get("aliasKind").nonEmpty, let alias = query.get("alias").nonEmpty {
            guard let kind = LeadAlias.Kind(rawValue: kindText) else { throw InletError.invalidBody("Unknown alias kind '\(kindText.prefix(32))'.") }
            let identifier = IdentifierKey(organizationID: scope.organization.id, identifier: LeadAlias(kind: kind, value: alias).identifier)
            guard let id = try await store.workerID(with: identifier) else {
                throw DashboardError.notFound("No lead has the \(kind.rawValue) alias '\(alias.prefix(200))'.")
            }
            return Response(status: .seeOther, headers: [.location: "/dashboard/people/\(id)?org=\(scope.organization.slug.urlQueryEncoded)"])
        }
        let (page, next) = try await workerPage(request, scope, leadsOnly: true)
        let rulesets = try await store.rulesets(organizationID: scope.organization.id)
        let milestones = try await store.milestones(workerIDs: page.map(\.id), organizationID: scope.organization.id)
        let now = pipeline.clock.nowMillis()
        let rows = page.map { worker in
            worker.personValues.merging([
                "unit": worker.unitID ?? "—",
                "aliases": worker.identifiers.filter { $0.app == nil }.map(\.dashboardText).joined(separator: ", "),
                "scores": Self.scoreValues(LeadScores(worker, rulesets: rulesets, at: now)),
                "milestones": (milestones[worker.id] ?? []).map(\.name).joined(separator: ", "),
            ]) { $1 }
        }
        var values = scope.layout(title: "Leads", tab: "leads")
        values["leads"] = rows
        values["empty"] = rows.isEmpty
        values["aliasKinds"] = LeadAlias.Kind.allCases.map(\.rawValue)
        values["next"] = next.map { "?org=\(scope.organization.slug.urlQueryEncoded)&cursor=\($0)" }
        return pages.page("leads", values)
    }

    private func workerPage(_ request: Request, _ scope: DashboardScope, leadsOnly: Bool = false) async throws -> ([WorkerRecord], String?) {
        let after = try Cursor.decode(request.uri.queryParameters.get("cursor"), parts: 1)?[0]
        let workers = try await store.workers(
            organizationID: scope.organization.id,
            after: after,
            limit: Self.peoplePage + 1,
            leadsOnly: leadsOnly
        )
        let page = Array(workers.prefix(Self.peoplePage))
        return (page, workers.count > Self.peoplePage ? page.last.map { Cursor.encode([$0.id]) } : nil)
    }

    static func scoreValues(_ scores: LeadScores) -> [[String: Any]] {
        scores.scores.map { ["name": $0.name, "score": $0.score] }
    }

    static func metricCard(_ metric: Metric) -> [String: Any] {
        ["name": metric.name, "value": metric.value.displayText, "unit": metric.unit ?? "", "label": metric.label ?? metric.name]
    }

    static func snapshotCard(_ snapshot: SnapshotRecord) -> [String: Any] {
        [
            "app": snapshot.app, "snapshotType": snapshot.snapshotType, "time": RFC3339.format(snapshot.timestamp),
            "metrics": snapshot.metrics.map(metricCard),
        ]
    }
}

extension WorkerIdentifierView {
    /// `kind:value`, as lists show it.
    var dashboardText: String { "\(kind):\(value)" }
}

extension JSONValue {
    /// A value as a card shows it: strings as they are, anything else as JSON.
    var displayText: String {
        if case .string(let text) = self { return text }
        return JSONWriter.string(self)
    }
}
