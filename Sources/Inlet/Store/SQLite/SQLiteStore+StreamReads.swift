import GRDB

extension SQLiteStore {
    /// Without filters, the page follows `(stream_id, seq)`. With filters, the
    /// first is a range of `stream_item_fields`' primary key, already in `seq`
    /// order, and each further one a point lookup of that key.
    public func streamItems(_ query: StreamItemsQuery) async throws -> [StoredStreamItem] {
        let filters = query.filters.map { ($0.name, ItemField.comparable($0.value) ?? "") }
        return try await pool.read { db in
            guard let first = filters.first else {
                return try Row.fetchAll(
                    db,
                    sql: """
                        SELECT id, seq, fields, created_at, updated_at FROM stream_items
                        WHERE stream_id = ? AND seq > ? AND organization_id = ? ORDER BY seq LIMIT ?
                        """,
                    arguments: [query.streamID, query.after ?? 0, query.organizationID, query.limit]
                ).map(Self.item)
            }
            var sql = "SELECT i.id, i.seq, i.fields, i.created_at, i.updated_at FROM stream_item_fields f0 JOIN stream_items i ON i.seq = f0.item_seq"
            var joinArguments: StatementArguments = []
            for (index, filter) in filters.enumerated().dropFirst() {
                sql += """
                     JOIN stream_item_fields f\(index) ON f\(index).stream_id = f0.stream_id AND f\(index).name = ?
                    AND f\(index).value = ? AND f\(index).item_seq = f0.item_seq
                    """
                joinArguments += [filter.0, filter.1]
            }
            sql += """
                 WHERE f0.stream_id = ? AND f0.name = ? AND f0.value = ? AND f0.item_seq > ? AND i.organization_id = ?
                ORDER BY f0.item_seq LIMIT ?
                """
            let arguments = joinArguments + [query.streamID, first.0, first.1, query.after ?? 0, query.organizationID, query.limit]
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map(Self.item)
        }
    }

    public func streamItem(_ id: String, streamID: String, organizationID: String) async throws -> StoredStreamItem? {
        try await pool.read { db in
            try Row.fetchOne(
                db,
                sql: "SELECT id, seq, fields, created_at, updated_at FROM stream_items WHERE stream_id = ? AND id = ? AND organization_id = ?",
                arguments: [streamID, id, organizationID]
            ).map(Self.item)
        }
    }

    private static func item(_ row: Row) throws -> StoredStreamItem {
        let fields: String = row[2]
        return StoredStreamItem(
            id: row[0], sequence: row[1], fields: ItemField.fields(of: try JSONParser.parse(Array(fields.utf8))), createdAt: row[3],
            updatedAt: row[4])
    }
}
