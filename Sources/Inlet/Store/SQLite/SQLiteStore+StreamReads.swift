import GRDB

extension SQLiteStore {
    /// Without filters, the page follows `(stream_id, seq)`. With filters, the
    /// most selective (by a capped count) is a range of `stream_item_fields`'
    /// primary key, already in `seq` order, and each other one a point lookup.
    func streamItems(_ query: StreamItemsQuery) async throws -> [StoredStreamItem] {
        let comparable = query.filters.map { ($0.name, ItemField.comparable($0.value) ?? "") }
        return try await pool.read { db in
            let filters = try Self.mostSelectiveFirst(comparable, streamID: query.streamID, db)
            guard let first = filters.first else {
                return try Row.fetchAll(
                    db,
                    sql: """
                        SELECT id, seq, fields, created_at, updated_at FROM stream_items
                        WHERE stream_id = ? AND seq > ? AND organization_id = ? AND updated_at >= ? ORDER BY seq LIMIT ?
                        """,
                    arguments: [query.streamID, query.after ?? 0, query.organizationID, query.updatedSince ?? Int64.min, query.limit]
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
                 WHERE f0.stream_id = ? AND f0.name = ? AND f0.value = ? AND f0.item_seq > ? AND i.organization_id = ? AND i.updated_at >= ?
                ORDER BY f0.item_seq LIMIT ?
                """
            let arguments =
                joinArguments + [
                    query.streamID, first.0, first.1, query.after ?? 0, query.organizationID, query.updatedSince ?? Int64.min, query.limit,
                ]
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map(Self.item)
        }
    }

    /// Orders filters by how many items hold each, counted up to a cap.
    private static func mostSelectiveFirst(_ filters: [(String, String)], streamID: String, _ db: Database) throws -> [(String, String)] {
        guard filters.count > 1 else { return filters }
        let count = try db.cachedStatement(
            sql: "SELECT count(*) FROM (SELECT 1 FROM stream_item_fields WHERE stream_id = ? AND name = ? AND value = ? LIMIT 10000)"
        )
        let counts = try filters.map { try Int.fetchOne(count, arguments: [streamID, $0.0, $0.1]) ?? 0 }
        return zip(filters, counts).sorted { $0.1 < $1.1 }.map(\.0)
    }

    func streamItem(_ id: String, streamID: String, organizationID: String) async throws -> StoredStreamItem? {
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
            id: row[0],
            sequence: row[1],
            fields: try ItemField.fields(stored: fields),
            createdAt: row[3],
            updatedAt: row[4]
        )
    }
}
