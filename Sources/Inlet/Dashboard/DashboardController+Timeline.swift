import Hummingbird

extension DashboardController {
    /// Events shown per timeline page.
    static let timelinePage = 50

    func addTimelineRoutes(to group: RouterGroup<InletRequestContext>) {
        group.get(use: timeline)
    }

    /// The timeline, newest first, with the filters of the API and a chart of
    /// the last hour; its script adds new events at the top as they land.
    @Sendable func timeline(_ request: Request, context: InletRequestContext) async throws -> Response {
        let scope = try await scope(request)
        let query = request.uri.queryParameters
        let filters = TimelineFilters(
            source: query.get("source").nonEmpty,
            eventType: query.get("eventType").nonEmpty,
            workerID: query.get("workerId").nonEmpty,
            from: query.get("from").nonEmpty,
            to: query.get("to").nonEmpty
        )
        var timelineQuery = TimelineQuery(
            organizationID: scope.organization.id,
            from: try filters.from.map { try Self.localTime($0, "from") },
            to: try filters.to.map { try Self.localTime($0, "to") },
            workerID: filters.workerID,
            source: filters.source,
            eventType: filters.eventType,
            limit: Self.timelinePage + 1
        )
        timelineQuery.retain(since: scope.organization.retainedSince(pipeline.clock.nowMillis()))
        let cursor = query.get("cursor").nonEmpty
        if let parts = try Cursor.decode(cursor, parts: 2), let timestamp = Int64(parts[0]), let sequence = Int64(parts[1]) {
            timelineQuery.after = TimelinePosition(timestamp: timestamp, sequence: sequence)
        }
        let events = try await store.timeline(timelineQuery)
        let page = events.prefix(Self.timelinePage)
        let next = events.count > Self.timelinePage ? page.last.map { Cursor.encode([String($0.event.timestamp), String($0.sequence)]) } : nil
        let people = try await store.workers(ids: Array(Set(page.map(\.event.workerID))), organizationID: scope.organization.id)
        let byID = Dictionary(people.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let now = pipeline.clock.nowMillis()
        let chart = ActivityChart(
            counts: try await store.activity(organizationID: scope.organization.id, since: ActivityChart.since(now: now)),
            now: now
        )

        var values = scope.layout(title: "Timeline", tab: "timeline")
        values["events"] = page.map { Self.eventRow($0.event, person: byID[$0.event.workerID]) }
        values["empty"] = page.isEmpty
        values["filters"] = filters.values
        values["next"] = next.map { "?org=\(scope.organization.slug.urlQueryEncoded)\(filters.query)&cursor=\($0)" }
        // New events belong at the top of the first page only, and only when no time range bounds it.
        if cursor == nil, filters.to == nil {
            values["liveURL"] = "/dashboard/live?org=\(scope.organization.slug.urlQueryEncoded)\(filters.liveQuery)"
        }
        values["chart"] = chart.svg
        values["peak"] = chart.peak
        values["acceptedLastHour"] = chart.accepted
        values["rejectedLastHour"] = chart.rejected.map { ["code": $0.code, "count": $0.count] }
        return pages.page("timeline", values)
    }

    /// An event as a timeline row: the fields shown, its person's name, and its metadata as stored.
    static func eventRow(_ event: StoredEvent, person: WorkerRecord?) -> [String: Any] {
        [
            "id": event.id, "time": RFC3339.format(event.timestamp), "eventType": event.eventType, "source": event.source,
            "category": event.category, "workerId": event.workerID, "metadata": event.metadata ?? "null",
            "personName": person?.displayName ?? event.workerID, "named": person?.displayName != nil,
        ]
    }

    /// A `datetime-local` value (`2026-12-03T13:05`, taken as UTC) or an RFC 3339 timestamp.
    private static func localTime(_ text: String, _ name: String) throws -> Int64 {
        if let time = RFC3339.parse(text) ?? RFC3339.parse(text + ":00Z") ?? RFC3339.parse(text + "Z") { return time }
        throw InletError.invalidBody("'\(name)' must be a date and time.")
    }
}

/// The timeline page's filters as sent, to fill the form and build links.
struct TimelineFilters {
    var source: String?
    var eventType: String?
    var workerID: String?
    var from: String?
    var to: String?

    var values: [String: String] {
        ["source": source ?? "", "eventType": eventType ?? "", "workerId": workerID ?? "", "from": from ?? "", "to": to ?? ""]
    }

    /// The filters as query parameters, each with a leading `&`.
    var query: String {
        [("source", source), ("eventType", eventType), ("workerId", workerID), ("from", from), ("to", to)]
            .compactMap { name, value in value.map { "&\(name)=\($0.urlQueryEncoded)" } }.joined()
    }

    /// The filters the live stream applies, as query parameters.
    var liveQuery: String {
        [("source", source), ("eventType", eventType), ("workerId", workerID)]
            .compactMap { name, value in value.map { "&\(name)=\($0.urlQueryEncoded)" } }.joined()
    }
}
