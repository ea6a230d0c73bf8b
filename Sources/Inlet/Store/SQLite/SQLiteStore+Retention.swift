import GRDB

extension SQLiteStore {
    func retentionPolicies() async throws -> [RetentionPolicy] {
        try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT id, NULL, retention_days FROM organizations WHERE retention_days IS NOT NULL
                    UNION ALL SELECT organization_id, id, retention_days FROM streams WHERE retention_days IS NOT NULL
                    """
            ).map { RetentionPolicy(organizationID: $0[0], streamID: $0[1], days: $0[2]) }
        }
    }

    func purge(_ kind: RetainedKind, of policy: RetentionPolicy, before cutoff: Int64, limit: Int) async throws -> Int {
        try await write { db in
            let arguments: StatementArguments = [policy.organizationID, cutoff, limit]
            switch kind {
            case .events:
                let newest = try Self.newestEvent(db)
                try db.execute(
                    sql:
                        "DELETE FROM events WHERE seq IN (SELECT seq FROM events WHERE organization_id = ? AND timestamp < ? ORDER BY timestamp LIMIT ?)",
                    arguments: arguments
                )
                let deleted = db.changesCount
                if deleted > 0 { try Self.keepSequence(of: newest, db) }
                return deleted
            case .snapshots:
                try db.execute(
                    sql: """
                        DELETE FROM snapshots WHERE seq IN (
                            SELECT seq FROM snapshots WHERE organization_id = ? AND replaced_at IS NOT NULL AND timestamp < ? LIMIT ?)
                        """,
                    arguments: arguments
                )
                return db.changesCount
            case .deadLetters:
                try db.execute(
                    sql: "DELETE FROM dead_letters WHERE seq IN (SELECT seq FROM dead_letters WHERE organization_id = ? AND failed_at < ? LIMIT ?)",
                    arguments: arguments
                )
                return db.changesCount
            case .streamItems:
                let items = try Int64.fetchAll(
                    db,
                    sql: "SELECT seq FROM stream_items WHERE organization_id = ? AND stream_id = ? AND updated_at < ? LIMIT ?",
                    arguments: [policy.organizationID, policy.streamID, cutoff, limit]
                )
                let fields = try db.cachedStatement(sql: "DELETE FROM stream_item_fields WHERE item_seq = ?")
                let item = try db.cachedStatement(sql: "DELETE FROM stream_items WHERE seq = ?")
                for seq in items {
                    try fields.execute(arguments: [seq])
                    try item.execute(arguments: [seq])
                }
                return items.count
            }
        }
    }

    /// The largest event sequence, before a delete.
    static func newestEvent(_ db: Database) throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT max(seq) FROM events") ?? 0
    }

    /// After events were deleted: sequences without `AUTOINCREMENT` are
    /// reused from the largest one left, and a live position or a group
    /// commit's range of events must never meet a sequence twice. When the
    /// newest event went, a row with no organization and nothing in it keeps
    /// its sequence; no read returns it and the lead processor passes it by.
    static func keepSequence(of newest: Int64, _ db: Database) throws {
        guard try newestEvent(db) < newest else { return }
        try db.execute(
            sql: """
                INSERT INTO events (seq, id, organization_id, app_id, app, source, worker_id, event_type, category, timestamp, received_at,
                    timestamp_corrected)
                VALUES (?, '', '', '', '', '', '', '', '', 0, 0, 0)
                """,
            arguments: [newest]
        )
    }
}
