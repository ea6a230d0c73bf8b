import PostgresNIO

extension PostgresStore {
    // Transactions commit concurrently, so `seq` is not the order events
    // become visible. Each event records its transaction's id (`tx`), and a
    // read takes only events of transactions older than the oldest one still
    // running (the snapshot's xmin): every such transaction has ended, so no
    // event can later appear behind the last one read.

    func livePosition() async throws -> LivePosition {
        try await withSession { session in try await Self.livePosition(session) }
    }

    /// The position after every event of the transactions that have ended
    /// before the oldest one running now began.
    private static func livePosition(_ session: PostgresSession) async throws -> LivePosition {
        let horizon = try await session.query("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::int8").first?.decode(Int64.self) ?? 0
        return LivePosition(commit: horizon - 1, sequence: .max)
    }

    func liveEvents(
        after position: LivePosition,
        organizationIDs: [String],
        limit: Int,
        matching: @escaping @Sendable (LiveEventHeader) -> Bool
    ) async throws -> LivePage {
        try await withSession { session in
            // Every transaction before the horizon has ended, so all their events are visible to the read that follows.
            // The read walks the range of `tx` alone (its BRIN index): an organization in the query could lead the
            // planner to an index of the organization's whole history, so organizations are told apart here.
            let visible = try await Self.livePosition(session)
            let watched = Set(organizationIDs)
            let rows = try await session.query(
                """
                SELECT tx, seq, organization_id, source, event_type, worker_id, id, app_id, app, category, timestamp, received_at,
                    duration, metadata, timestamp_corrected
                FROM events
                WHERE tx >= \(position.commit) AND (tx > \(position.commit) OR seq > \(position.sequence)) AND tx <= \(visible.commit)
                ORDER BY tx, seq LIMIT \(limit)
                """
            )
            var events: [LiveEvent] = []
            var read = 0
            var last = position
            for row in rows {
                read += 1
                let (commit, sequence, organizationID, source, eventType, workerID) = try row.decode(
                    (Int64, Int64, String, String, String, String).self
                )
                last = LivePosition(commit: commit, sequence: sequence)
                let columns = row.makeRandomAccess()
                let header = LiveEventHeader(
                    organizationID: organizationID,
                    source: source,
                    eventType: eventType,
                    workerID: workerID,
                    timestamp: try columns[10].decode(Int64.self)
                )
                guard watched.contains(organizationID), matching(header) else { continue }
                let event = StoredEvent(
                    id: try columns[6].decode(String.self),
                    organizationID: organizationID,
                    appID: try columns[7].decode(String.self),
                    app: try columns[8].decode(String.self),
                    source: source,
                    workerID: workerID,
                    eventType: eventType,
                    category: try columns[9].decode(String.self),
                    timestamp: header.timestamp,
                    receivedAt: try columns[11].decode(Int64.self),
                    duration: try columns[12].decode(Double?.self),
                    metadata: try columns[13].decode(String?.self),
                    timestampCorrected: try columns[14].decode(Bool.self)
                )
                events.append(LiveEvent(event: TimelineEvent(event: event, sequence: sequence), position: last))
            }
            let isFull = read == limit
            return LivePage(events: events, end: isFull ? last : max(last, visible), isFull: isFull)
        }
    }

    func livePosition(ofEvent id: String, organizationID: String) async throws -> LivePosition? {
        try await withSession { session in
            try await session.query("SELECT tx, seq FROM events WHERE organization_id = \(organizationID) AND id = \(id) AND tx IS NOT NULL")
                .first.map { row in
                    let (commit, sequence) = try row.decode((Int64, Int64).self)
                    return LivePosition(commit: commit, sequence: sequence)
                }
        }
    }
}
