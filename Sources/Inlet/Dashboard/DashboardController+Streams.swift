import Hummingbird

extension DashboardController {
    /// Items shown per stream page.
    static let itemPage = 50

    func addStreamRoutes(to group: RouterGroup<InletRequestContext>) {
        group.get("streams", use: streams)
        group.get("streams/:stream", use: streamItems)
        group.get("streams/:stream/items/:id", use: streamItem)
    }

    @Sendable func streams(_ request: Request, context: InletRequestContext) async throws -> Response {
        let scope = try await scope(request)
        var values = scope.layout(title: "Streams", tab: "streams")
        values["streams"] = try await store.streams(organizationID: scope.organization.id).map { stream in
            ["name": stream.name, "itemKey": stream.itemKey ?? "—", "createdAt": RFC3339.format(stream.createdAt)]
        }
        return pages.page("streams", values)
    }

    /// A stream's items as a table, one column per flattened field of the page,
    /// filtered by `where` lines (`field=value`, typed as the API's `where.<field>`).
    @Sendable func streamItems(_ request: Request, context: InletRequestContext) async throws -> Response {
        let scope = try await scope(request)
        let stream = try await stream(scope, try context.parameters.require("stream"))
        let query = request.uri.queryParameters
        let conditions = query.getAll("where").filter { !$0.isEmpty }
        let filters = try conditions.map { condition in
            guard let equals = condition.firstIndex(of: "="),
                let filter = try ItemFilter.parse(
                    parameter: "where." + condition[..<equals],
                    value: String(condition[condition.index(after: equals)...])
                )
            else { throw InletError.invalidBody("A filter reads field=value, not '\(condition.prefix(64))'.") }
            return filter
        }
        let after = try Cursor.decode(query.get("cursor"), parts: 1).flatMap { Int64($0[0]) }
        let items = try await store.streamItems(
            StreamItemsQuery(
                organizationID: scope.organization.id,
                streamID: stream.id,
                filters: filters,
                after: after,
                updatedSince: stream.retainedSince(pipeline.clock.nowMillis()),
                limit: Self.itemPage + 1
            )
        )
        let page = Array(items.prefix(Self.itemPage))
        var columns: [String] = []
        var seen: Set<String> = []
        for item in page { for field in item.fields where seen.insert(field.name).inserted { columns.append(field.name) } }
        let itemBase = "/dashboard/streams/\(stream.name.urlQueryEncoded)/items/"
        let orgQuery = "?org=\(scope.organization.slug.urlQueryEncoded)"

        var values = scope.layout(title: "Stream \(stream.name)", tab: "streams")
        values["stream"] = stream.name
        values["columns"] = columns
        values["items"] = page.map { item in
            let byName = Dictionary(item.fields.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
            return [
                "id": item.id, "link": itemBase + item.id.urlQueryEncoded + orgQuery,
                "cells": columns.map { byName[$0]?.displayText ?? "" }, "updatedAt": RFC3339.format(item.updatedAt),
            ] as [String: Any]
        }
        values["empty"] = page.isEmpty
        values["conditions"] = (conditions + [""]).map { ["value": $0] }
        let whereQuery = conditions.map { "&where=\($0.urlQueryEncoded)" }.joined()
        if items.count > Self.itemPage, let last = page.last {
            values["next"] = orgQuery + whereQuery + "&cursor=" + Cursor.encode([String(last.sequence)])
        }
        return pages.page("stream", values)
    }

    @Sendable func streamItem(_ request: Request, context: InletRequestContext) async throws -> Response {
        let scope = try await scope(request)
        let stream = try await stream(scope, try context.parameters.require("stream"))
        let raw = try context.parameters.require("id")
        let id = raw.removingPercentEncoding ?? raw
        guard let item = try await store.streamItem(id, streamID: stream.id, organizationID: scope.organization.id),
            item.updatedAt >= stream.retainedSince(pipeline.clock.nowMillis()) ?? Int64.min
        else {
            throw DashboardError.notFound("Stream \(stream.name) has no item '\(id.prefix(64))'.")
        }
        var values = scope.layout(title: "Item \(item.id)", tab: "streams")
        values["stream"] = stream.name
        values["id"] = item.id
        values["createdAt"] = RFC3339.format(item.createdAt)
        values["updatedAt"] = RFC3339.format(item.updatedAt)
        values["fields"] = item.fields.map { ["name": $0.name, "value": $0.value.displayText] }
        return pages.page("item", values)
    }

    private func stream(_ scope: DashboardScope, _ name: String) async throws -> DataStream {
        guard let stream = try await store.stream(name, organizationID: scope.organization.id) else {
            throw DashboardError.notFound("There is no stream '\(name.prefix(64))' in \(scope.organization.name).")
        }
        return stream
    }
}
