import GRDB

extension SQLiteStore {
    // One writer commits one transaction at a time, so the order of `seq` is
    // the order events become visible: a live position is the sequence.

    func livePosition() async throws -> LivePosition {
        try await pool.read { db in try Self.livePosition(db) }
    }

    private static func livePosition(_ db: Database) throws -> LivePosition {
        let sequence = try Int64.fetchOne(db, sql: "SELECT max(seq) FROM events") ?? 0
        return LivePosition(commit: sequence, sequence: sequence)
    }

    func liveEvents(
        after position: LivePosition,
        organizationIDs: [String],
        limit: Int,
        matching: @escaping @Sendable (LiveEventHeader) -> Bool
    ) async throws -> LivePage {
        let organizations = Array(repeating: "?", count: organizationIDs.count).joined(separator: ", ")
        // The columns a header needs come first, so that an event nobody matches is read no further.
        // The unary `+` keeps the organization from choosing the timeline index over the range of `seq`.
        let sql = """
            SELECT seq, organization_id, source, event_type, worker_id, id, app_id, app, category, timestamp, received_at, duration,
                metadata, timestamp_corrected
            FROM events WHERE seq > ? AND +organization_id IN (\(organizations)) ORDER BY seq LIMIT ?
            """
        var arguments: StatementArguments = [position.sequence]
        _ = arguments.append(contentsOf: StatementArguments(organizationIDs))
        _ = arguments.append(contentsOf: [limit])
        let bound = arguments
        return try await pool.read { db in
            let visible = try Self.livePosition(db)
            let rows = try Row.fetchCursor(db.cachedStatement(sql: sql), arguments: bound)
            var events: [LiveEvent] = []
            var read = 0
            var last = position
            while let row = try rows.next() {
                read += 1
                let sequence: Int64 = row[0]
                last = LivePosition(commit: sequence, sequence: sequence)
                let header = LiveEventHeader(organizationID: row[1], source: row[2], eventType: row[3], workerID: row[4], timestamp: row[9])
                guard matching(header) else { continue }
                let event = StoredEvent(
                    id: row[5],
                    organizationID: header.organizationID,
                    appID: row[6],
                    app: row[7],
                    source: header.source,
                    workerID: header.workerID,
                    eventType: header.eventType,
                    category: row[8],
                    timestamp: header.timestamp,
                    receivedAt: row[10],
                    duration: row[11],
                    metadata: row[12],
                    timestampCorrected: row[13]
                )
                events.append(LiveEvent(event: TimelineEvent(event: event, sequence: sequence), position: last))
            }
            let isFull = read == limit
            return LivePage(events: events, end: isFull ? last : max(last, visible), isFull: isFull)
        }
    }

    func livePosition(ofEvent id: String, organizationID: String) async throws -> LivePosition? {
        try await pool.read { db in
            try Int64.fetchOne(db, sql: "SELECT seq FROM events WHERE organization_id = ? AND id = ?", arguments: [organizationID, id])
                .map { LivePosition(commit: $0, sequence: $0) }
        }
    }
}
