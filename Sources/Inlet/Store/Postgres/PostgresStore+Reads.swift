import NIOCore
import PostgresNIO

extension PostgresStore {
    /// One statement for every combination of filters: an absent filter is a
    /// null parameter, which PostgreSQL folds away when it plans the query.
    func timeline(_ query: TimelineQuery) async throws -> [TimelineEvent] {
        let order = query.oldestFirst ? "ASC" : "DESC"
        return try await withSession { session in
            try await session.query(
                """
                SELECT \(unescaped: TimelineEvent.columns) FROM events
                WHERE organization_id = \(query.organizationID)
                    AND (\(query.from)::int8 IS NULL OR timestamp >= \(query.from))
                    AND (\(query.to)::int8 IS NULL OR timestamp < \(query.to))
                    AND (\(query.workerID)::text IS NULL OR worker_id = \(query.workerID))
                    AND (\(query.source)::text IS NULL OR source = \(query.source))
                    AND (\(query.eventType)::text IS NULL OR event_type = \(query.eventType))
                    AND (\(query.after?.timestamp)::int8 IS NULL
                        OR (timestamp, seq) \(unescaped: query.oldestFirst ? ">" : "<") (\(query.after?.timestamp), \(query.after?.sequence)))
                ORDER BY timestamp \(unescaped: order), seq \(unescaped: order) LIMIT \(query.limit)
                """
            ).map(Self.timelineEvent)
        }
    }

    func timelinePosition(ofEvent id: String, organizationID: String) async throws -> TimelinePosition? {
        try await withSession { session in
            try await session.query("SELECT timestamp, seq FROM events WHERE organization_id = \(organizationID) AND id = \(id)").first.map { row in
                let (timestamp, sequence) = try row.decode((Int64, Int64).self)
                return TimelinePosition(timestamp: timestamp, sequence: sequence)
            }
        }
    }

    /// A timeline event from a row that starts with ``TimelineEvent/columns``.
    static func timelineEvent(_ row: PostgresRow) throws -> TimelineEvent {
        let (seq, id, organizationID, appID, app, source, workerID, eventType, category) = try row.decode(
            (Int64, String, String, String, String, String, String, String, String).self
        )
        let columns = row.makeRandomAccess()
        return TimelineEvent(
            event: StoredEvent(
                id: id,
                organizationID: organizationID,
                appID: appID,
                app: app,
                source: source,
                workerID: workerID,
                eventType: eventType,
                category: category,
                timestamp: try columns[9].decode(Int64.self),
                receivedAt: try columns[10].decode(Int64.self),
                duration: try columns[11].decode(Double?.self),
                metadata: try columns[12].decode(String?.self),
                timestampCorrected: try columns[13].decode(Bool.self)
            ),
            sequence: seq
        )
    }

    func workers(organizationID: String, after cursor: String?, limit: Int, leadsOnly: Bool) async throws -> [WorkerRecord] {
        try await withSession { session in
            // Leads only as literal text, so that the planner takes the leads' partial index.
            let leads = leadsOnly ? "AND unit_id IS NOT NULL" : ""
            let rows = try await session.query(
                """
                SELECT id, unit_id, created_at FROM workers WHERE organization_id = \(organizationID) AND id > \(cursor ?? "") \(unescaped: leads)
                ORDER BY id LIMIT \(limit)
                """
            )
            let workers = try rows.map { try $0.decode((String, String?, Int64).self) }
            return try await Self.records(of: workers, organizationID: organizationID, session)
        }
    }

    func workers(ids: [String], organizationID: String) async throws -> [WorkerRecord] {
        guard !ids.isEmpty else { return [] }
        return try await withSession { session in
            let rows = try await session.query(
                "SELECT id, unit_id, created_at FROM workers WHERE organization_id = \(organizationID) AND id = ANY(\(ids)::text[])"
            )
            let workers = try rows.map { try $0.decode((String, String?, Int64).self) }
            return try await Self.records(of: workers, organizationID: organizationID, session)
        }
    }

    /// Identifiers and scores of a page of workers, two queries for the whole page.
    private static func records(
        of workers: [(String, String?, Int64)],
        organizationID: String,
        _ session: PostgresSession
    ) async throws -> [WorkerRecord] {
        guard !workers.isEmpty else { return [] }
        let ids = workers.map(\.0)
        var identifiers: [String: [WorkerIdentifierView]] = [:]
        for row in try await session.query(
            """
            SELECT i.worker_id, i.kind, i.value, a.slug FROM worker_identifiers i
            LEFT JOIN apps a ON a.organization_id = i.organization_id AND a.id = i.scope
            WHERE i.organization_id = \(organizationID) AND i.worker_id = ANY(\(ids)::text[])
            ORDER BY i.worker_id, i.kind, i.value
            """
        ) {
            let (workerID, kind, value, app) = try row.decode((String, String, String, String?).self)
            identifiers[workerID, default: []].append(WorkerIdentifierView(kind: kind, value: value, app: app))
        }
        var progress: [String: [String: ScoreProgress]] = [:]
        for row in try await session.query(
            """
            SELECT worker_id, ruleset_id, progress FROM lead_scores
            WHERE organization_id = \(organizationID) AND worker_id = ANY(\(ids)::text[])
            """
        ) {
            let (workerID, rulesetID, stored) = try row.decode((String, String, String).self)
            progress[workerID, default: [:]][rulesetID] = try ScoreProgress(stored: stored)
        }
        return workers.map { id, unitID, createdAt in
            WorkerRecord(id: id, identifiers: identifiers[id] ?? [], unitID: unitID, progress: progress[id] ?? [:], createdAt: createdAt)
        }
    }

    func activity(organizationID: String, since: Int64) async throws -> [ActivityKey: Int] {
        try await withSession { session in
            var counts: [ActivityKey: Int] = [:]
            for row in try await session.query(
                "SELECT minute, code, rows FROM activity_minutes WHERE organization_id = \(organizationID) AND minute > \(since)"
            ) {
                let (minute, code, rows) = try row.decode((Int64, String, Int64).self)
                counts[ActivityKey(organizationID: organizationID, minute: minute, code: code)] = Int(rows)
            }
            return counts
        }
    }

    func snapshots(workerIDs: [String], organizationID: String) async throws -> [String: [SnapshotRecord]] {
        guard !workerIDs.isEmpty else { return [:] }
        return try await withSession { session in
            var byWorker: [String: [SnapshotRecord]] = [:]
            for row in try await session.query(
                """
                SELECT s.worker_id, s.id, a.slug, s.snapshot_type, s.metrics, s.timestamp, s.replaced_at FROM snapshots s
                JOIN apps a ON a.organization_id = s.organization_id AND a.id = s.app_id
                WHERE s.organization_id = \(organizationID) AND s.worker_id = ANY(\(workerIDs)::text[])
                ORDER BY s.type_rank, s.seq
                """
            ) {
                let (workerID, id, app, snapshotType, metrics, timestamp, replacedAt) = try row.decode(
                    (String, String, String, String, String, Int64, Int64?).self
                )
                byWorker[workerID, default: []].append(
                    SnapshotRecord(
                        id: id,
                        app: app,
                        snapshotType: snapshotType,
                        metrics: Metric.list(fromStored: metrics),
                        timestamp: timestamp,
                        replacedAt: replacedAt
                    )
                )
            }
            return byWorker
        }
    }

    func idempotencyRecord(organizationID: String, route: String, key: String, notBefore: Int64) async throws -> IdempotencyRecord? {
        try await withSession { session in
            try await session.query(
                """
                SELECT request_hash, status, body, created_at FROM idempotency_records
                WHERE organization_id = \(organizationID) AND route = \(route) AND key = \(key) AND created_at >= \(notBefore)
                """
            ).first.map { row in
                let (hash, status, body, createdAt) = try row.decode((String, Int, ByteBuffer, Int64).self)
                return IdempotencyRecord(
                    organizationID: organizationID,
                    route: route,
                    key: key,
                    requestHash: hash,
                    response: StoredResponse(status: .init(code: status), body: Array(body.readableBytesView)),
                    createdAt: createdAt
                )
            }
        }
    }

    func deleteIdempotencyRecords(before time: Int64) async throws -> Int {
        try await withSession { session in
            try await session.query("DELETE FROM idempotency_records WHERE created_at < \(time) RETURNING 1").count
        }
    }
}
