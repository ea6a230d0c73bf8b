import Foundation

extension InletClient {
    /// The organization's events, newest first (`GET /api/v1/timeline`).
    public func timeline(_ query: TimelineQuery = TimelineQuery()) -> InletPages<TimelineEvent> {
        pages("/api/v1/timeline", query: query.queryItems)
    }

    /// The organization's people (`GET /api/v1/workers`).
    public func workers(pageSize: Int? = nil) -> InletPages<Worker> {
        pages("/api/v1/workers", query: pageSize.map { [URLQueryItem(name: "limit", value: String($0))] } ?? [])
    }

    /// One person, with their snapshots (`GET /api/v1/workers/{id}`).
    public func worker(_ id: String) async throws -> Worker {
        try await decode(Worker.self, from: perform("GET", "/api/v1/workers/" + Self.segment(id)))
    }

    /// A lead by id (`GET /leads/{id}`).
    public func lead(_ id: String) async throws -> Lead {
        try await decode(Lead.self, from: perform("GET", "/leads/" + Self.segment(id)))
    }

    /// A lead by alias (`GET /leads?alias_kind=…&alias=…`).
    public func lead(_ kind: AliasKind, _ alias: String) async throws -> Lead {
        let query = [URLQueryItem(name: "alias_kind", value: kind.rawValue), URLQueryItem(name: "alias", value: alias)]
        return try await decode(Lead.self, from: perform("GET", "/leads", query: query))
    }

    /// A stream's items (`GET /api/streams/{stream}/items`), those whose
    /// flattened fields equal `where` only, when given.
    public func streamItems(_ stream: String, where filters: [String: String] = [:], pageSize: Int? = nil) -> InletPages<StreamItem> {
        var query = filters.sorted { $0.key < $1.key }.map { URLQueryItem(name: "where." + $0.key, value: $0.value) }
        if let pageSize { query.append(URLQueryItem(name: "limit", value: String(pageSize))) }
        return pages("/api/streams/" + Self.segment(stream) + "/items", query: query)
    }

    /// One item of a stream (`GET /api/streams/{stream}/items/{id}`).
    public func streamItem(_ stream: String, id: String) async throws -> StreamItem {
        try await decode(StreamItem.self, from: perform("GET", "/api/streams/" + Self.segment(stream) + "/items/" + Self.segment(id)))
    }

    private func pages<Element>(_ path: String, query: [URLQueryItem]) -> InletPages<Element> {
        InletPages { [self] cursor in
            let items = query + (cursor.map { [URLQueryItem(name: "cursor", value: $0)] } ?? [])
            return try await decode(InletPages<Element>.Page.self, from: perform("GET", path, query: items))
        }
    }
}
