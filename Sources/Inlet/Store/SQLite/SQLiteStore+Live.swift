import GRDB

extension SQLiteStore {
    // One writer commits one transaction at a time, so the order of `seq` is
    // the order events become visible: a live position is the sequence.

    public func livePosition() async throws -> LivePosition {
        try await pool.read { db in
            let sequence = try Int64.fetchOne(db, sql: "SELECT max(seq) FROM events") ?? 0
            return LivePosition(commit: sequence, sequence: sequence)
        }
    }

    public func liveEvents(after position: LivePosition, organizationID: String?, limit: Int) async throws -> [LiveEvent] {
        try await pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM events WHERE seq > ? AND (? IS NULL OR organization_id = ?) ORDER BY seq LIMIT ?",
                arguments: [position.sequence, organizationID, organizationID, limit]
            ).map { row in
                let event = Self.timelineEvent(row)
                return LiveEvent(event: event, position: LivePosition(commit: event.sequence, sequence: event.sequence))
            }
        }
    }

    public func livePosition(ofEvent id: String, organizationID: String) async throws -> LivePosition? {
        try await pool.read { db in
            try Int64.fetchOne(db, sql: "SELECT seq FROM events WHERE organization_id = ? AND id = ?", arguments: [organizationID, id])
                .map { LivePosition(commit: $0, sequence: $0) }
        }
    }
}
