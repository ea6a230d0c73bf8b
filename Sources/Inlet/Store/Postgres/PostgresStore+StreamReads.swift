import PostgresNIO

extension PostgresStore {
    /// Filters go to the GIN index on `fields` as one containment object
    /// (`fields @> '{"region": "North"}'`): jsonb containment is typed and
    /// compares numbers by value; the page follows `seq`.
    func streamItems(_ query: StreamItemsQuery) async throws -> [StoredStreamItem] {
        let statement: PostgresQuery
        if query.filters.isEmpty {
            statement = """
                SELECT id, seq, fields::text, created_at, updated_at FROM stream_items
                WHERE stream_id = \(query.streamID) AND seq > \(query.after ?? 0) AND organization_id = \(query.organizationID)
                    AND updated_at >= \(query.updatedSince ?? Int64.min)
                ORDER BY seq LIMIT \(query.limit)
                """
        } else {
            let filters = JSONWriter.string(.object(query.filters.map { ($0.name, $0.value) }))
            statement = """
                SELECT id, seq, fields::text, created_at, updated_at FROM stream_items
                WHERE stream_id = \(query.streamID) AND seq > \(query.after ?? 0) AND organization_id = \(query.organizationID)
                    AND updated_at >= \(query.updatedSince ?? Int64.min) AND fields @> \(filters)::jsonb
                ORDER BY seq LIMIT \(query.limit)
                """
        }
        let rows = try await withSession { session in try await session.query(statement) }
        var items: [StoredStreamItem] = []
        for row in rows { items.append(try Self.item(row)) }
        return items
    }

    func streamItem(_ id: String, streamID: String, organizationID: String) async throws -> StoredStreamItem? {
        let rows = try await withSession { session in
            try await session.query(
                """
                SELECT id, seq, fields::text, created_at, updated_at FROM stream_items
                WHERE organization_id = \(organizationID) AND stream_id = \(streamID) AND id = \(id)
                """
            )
        }
        return try rows.first.map(Self.item)
    }

    private static func item(_ row: PostgresRow) throws -> StoredStreamItem {
        let (id, seq, fields, createdAt, updatedAt) = try row.decode((String, Int64, String, Int64, Int64).self)
        return StoredStreamItem(
            id: id,
            sequence: seq,
            fields: try ItemField.fields(stored: fields),
            createdAt: createdAt,
            updatedAt: updatedAt
        )
    }
}
