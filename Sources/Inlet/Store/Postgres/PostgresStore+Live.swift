import PostgresNIO

extension PostgresStore {
    // Transactions commit concurrently, so `seq` is not the order events
    // become visible. Each event records its transaction's id (`tx`), and a
    // read takes only events of transactions older than the oldest one still
    // running (the snapshot's xmin): every such transaction has ended, so no
    // event can later appear behind the last one read.

    public func livePosition() async throws -> LivePosition {
        try await withSession { session in
            let horizon = try await session.query("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::int8").first?.decode(Int64.self) ?? 0
            return LivePosition(commit: horizon - 1, sequence: .max)
        }
    }

    public func liveEvents(after position: LivePosition, organizationID: String?, limit: Int) async throws -> [LiveEvent] {
        try await withSession { session in
            try await session.query(
                """
                SELECT \(unescaped: Self.timelineColumns), tx FROM events
                WHERE tx >= \(position.commit) AND (tx > \(position.commit) OR seq > \(position.sequence))
                    AND tx < pg_snapshot_xmin(pg_current_snapshot())::text::int8
                    AND (\(organizationID)::text IS NULL OR organization_id = \(organizationID))
                ORDER BY tx, seq LIMIT \(limit)
                """
            ).map { row in
                let event = try Self.timelineEvent(row)
                let commit = try row.makeRandomAccess()[14].decode(Int64.self)
                return LiveEvent(event: event, position: LivePosition(commit: commit, sequence: event.sequence))
            }
        }
    }

    public func livePosition(ofEvent id: String, organizationID: String) async throws -> LivePosition? {
        try await withSession { session in
            try await session.query("SELECT tx, seq FROM events WHERE organization_id = \(organizationID) AND id = \(id) AND tx IS NOT NULL")
                .first.map { row in
                    let (commit, sequence) = try row.decode((Int64, Int64).self)
                    return LivePosition(commit: commit, sequence: sequence)
                }
        }
    }
}
