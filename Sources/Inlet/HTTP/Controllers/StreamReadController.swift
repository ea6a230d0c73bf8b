import Hummingbird

/// Reads of a stream's items, with the stream's own key, any app key of its
/// organization, or the admin token with `?org=`.
struct StreamReadController {
    let pipeline: RequestPipeline
    let store: any ReadStore & TenancyStore

    func addRoutes(to router: InletRouter) {
        router.get("/api/streams/{stream}/items", use: items)
        router.get("/api/streams/{stream}/items/{id}", use: item)
        router.get("/api/streams/{stream}/export", use: export)
    }

    @Sendable func items(_ request: Request, context: InletRequestContext) async throws -> Response {
        let (stream, fields) = try await stream(of: request, name: try context.parameters.require("stream"))
        let parameters = request.uri.queryParameters
        let limit = try Paging.limit(parameters.get("limit"))
        let filters = try Self.filters(parameters)
        let after = try Cursor.decode(parameters.get("cursor"), parts: 1).map { parts in
            guard let sequence = Int64(parts[0]) else { throw InletError.invalidBody("The cursor was not issued by this server.") }
            return sequence
        }
        let items = try await store.streamItems(
            StreamItemsQuery(
                organizationID: stream.organizationID,
                streamID: stream.id,
                filters: filters,
                after: after,
                updatedSince: stream.retainedSince(pipeline.clock.nowMillis()),
                limit: limit + 1
            )
        )
        let page = items.prefix(limit)
        let next = items.count > limit ? page.last.map { Cursor.encode([String($0.sequence)]) } : nil
        var response = try Response.json(Page(items: page.map(Item.init), nextCursor: next))
        response.headers.append(contentsOf: fields)
        return response
    }

    @Sendable func item(_ request: Request, context: InletRequestContext) async throws -> Response {
        let (stream, fields) = try await stream(of: request, name: try context.parameters.require("stream"))
        let raw = try context.parameters.require("id")
        let id = raw.removingPercentEncoding ?? raw
        guard let item = try await store.streamItem(id, streamID: stream.id, organizationID: stream.organizationID),
            item.updatedAt >= stream.retainedSince(pipeline.clock.nowMillis()) ?? Int64.min
        else {
            throw InletError.notFound("Item '\(id.prefix(64))'")
        }
        var response = try Response.json(Item(item))
        response.headers.append(contentsOf: fields)
        return response
    }

    /// The stream's items in creation order as NDJSON, one item per line, with
    /// the items page's filters; `after` names the item a cut export resumes after
    /// (absent or empty: from the start).
    @Sendable func export(_ request: Request, context: InletRequestContext) async throws -> Response {
        let (stream, fields) = try await stream(of: request, name: try context.parameters.require("stream"))
        let parameters = request.uri.queryParameters
        let query = StreamItemsQuery(
            organizationID: stream.organizationID,
            streamID: stream.id,
            filters: try Self.filters(parameters),
            updatedSince: stream.retainedSince(pipeline.clock.nowMillis())
        )
        var start: Int64?
        if let id = parameters.get("after"), !id.isEmpty {
            start = try await store.streamItem(id, streamID: stream.id, organizationID: stream.organizationID)?.sequence
            guard start != nil else { throw InletError.notFound("Item '\(id.prefix(64))' named by 'after'") }
        }
        let store = self.store
        let export = NDJSONExport<StoredStreamItem, Int64>(
            page: { after, limit in
                var page = query
                page.after = after
                page.limit = limit
                return try await store.streamItems(page)
            },
            position: \.sequence,
            line: { try JSONValueEncoder().encode(Item($0)) }
        )
        return try await export.response(after: start, headers: fields)
    }

    /// The item filters among a request's query parameters.
    private static func filters(_ parameters: Parameters) throws -> [ItemFilter] {
        try parameters.compactMap { name, value in try ItemFilter.parse(parameter: String(name), value: String(value)) }
    }

    /// The stream named in the path, as the credential may read it, with the
    /// rate-limit fields of a key.
    private func stream(of request: Request, name: String) async throws -> (DataStream, HTTPFields) {
        let principal = try await pipeline.authenticator.authenticate(authorization: request.headers.value(.authorization))
        if case .stream(let principal) = principal {
            return (try await principal.requireStream(named: name, in: store), try pipeline.limits.admit(principal))
        }
        let (organization, fields) = try await pipeline.organization(readBy: principal, request, in: store)
        guard let stream = try await store.stream(name, organizationID: organization.id) else {
            throw InletError.notFound("Stream '\(name.prefix(64))'")
        }
        return (stream, fields)
    }

    /// An item: its id, its fields as sent, and when it was first and last written.
    struct Item: Encodable {
        var id: String
        var fields: JSONValue
        var createdAt: String
        var updatedAt: String

        init(_ item: StoredStreamItem) {
            id = item.id
            fields = ItemField.object(item.fields)
            createdAt = RFC3339.format(item.createdAt)
            updatedAt = RFC3339.format(item.updatedAt)
        }
    }
}
