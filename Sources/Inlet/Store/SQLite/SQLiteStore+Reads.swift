import Foundation
import GRDB

extension SQLiteStore {
    func timeline(_ query: TimelineQuery) async throws -> [TimelineEvent] {
        let filters: [(String, [(any DatabaseValueConvertible)?])] = [
            ("organization_id = ?", [query.organizationID]),
            ("timestamp >= ?", [query.from]),
            ("timestamp < ?", [query.to]),
            ("worker_id = ?", [query.workerID]),
            ("source = ?", [query.source]),
            ("event_type = ?", [query.eventType]),
            // A row value, which SQLite seeks in the timeline index (an OR of bound parameters it would scan).
            (query.oldestFirst ? "(timestamp, seq) > (?, ?)" : "(timestamp, seq) < (?, ?)", [query.after?.timestamp, query.after?.sequence]),
        ]
        var conditions: [String] = []
        var arguments = StatementArguments()
        for (condition, values) in filters where values.allSatisfy({ $0 != nil }) {
            conditions.append(condition)
            _ = arguments.append(contentsOf: StatementArguments(values))
        }
        _ = arguments.append(contentsOf: [query.limit])
        let statementArguments = arguments
        let order = query.oldestFirst ? "ASC" : "DESC"
        let sql = """
            SELECT \(TimelineEvent.columns) FROM events WHERE \(conditions.joined(separator: " AND "))
            ORDER BY timestamp \(order), seq \(order) LIMIT ?
            """
        return try await pool.read { db in
            try Row.fetchAll(db, sql: sql, arguments: statementArguments).map(Self.timelineEvent)
        }
    }

    func timelinePosition(ofEvent id: String, organizationID: String) async throws -> TimelinePosition? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT timestamp, seq FROM events WHERE organization_id = ? AND id = ?", arguments: [organizationID, id])
                .map { TimelinePosition(timestamp: $0[0], sequence: $0[1]) }
        }
    }

    /// A timeline event from a row of ``TimelineEvent/columns``, read by position.
    static func timelineEvent(_ row: Row) -> TimelineEvent {
        TimelineEvent(
            event: StoredEvent(
                id: row[1],
                organizationID: row[2],
                appID: row[3],
                app: row[4],
                source: row[5],
                workerID: row[6],
                eventType: row[7],
                category: row[8],
                timestamp: row[9],
                receivedAt: row[10],
                duration: row[11],
                metadata: row[12],
                timestampCorrected: row[13]
            ),
            sequence: row[0]
        )
    }

    func workers(organizationID: String, after cursor: String?, limit: Int, leadsOnly: Bool) async throws -> [WorkerRecord] {
        try await pool.read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT id, unit_id, created_at FROM workers WHERE organization_id = ? AND id > ? \(leadsOnly ? "AND unit_id IS NOT NULL" : "")
                    ORDER BY id LIMIT ?
                    """,
                arguments: [organizationID, cursor ?? "", limit]
            )
            return try rows.map { try Self.worker($0, organizationID: organizationID, db) }
        }
    }

    func workers(ids: [String], organizationID: String) async throws -> [WorkerRecord] {
        guard !ids.isEmpty else { return [] }
        return try await pool.read { db in
            try SQLRequest<Row>(literal: "SELECT id, unit_id, created_at FROM workers WHERE organization_id = \(organizationID) AND id IN \(ids)")
                .fetchAll(db).map { try Self.worker($0, organizationID: organizationID, db) }
        }
    }

    func activity(organizationID: String, since: Int64) async throws -> [ActivityKey: Int] {
        try await pool.read { db in
            var counts: [ActivityKey: Int] = [:]
            for row in try Row.fetchAll(
                db,
                sql: "SELECT minute, code, rows FROM activity_minutes WHERE organization_id = ? AND minute > ?",
                arguments: [organizationID, since]
            ) {
                counts[ActivityKey(organizationID: organizationID, minute: row[0], code: row[1])] = row[2]
            }
            return counts
        }
    }

    func snapshots(workerIDs: [String], organizationID: String) async throws -> [String: [SnapshotRecord]] {
        guard !workerIDs.isEmpty else { return [:] }
        return try await pool.read { db in
            let rows = try SQLRequest<Row>(
                literal: """
                    SELECT s.*, a.slug AS app FROM snapshots s JOIN apps a ON a.id = s.app_id
                    WHERE s.worker_id IN \(workerIDs) AND s.organization_id = \(organizationID) ORDER BY s.type_rank, s.seq
                    """
            ).fetchAll(db)
            var byWorker: [String: [SnapshotRecord]] = [:]
            for row in rows {
                byWorker[row["worker_id"], default: []].append(
                    SnapshotRecord(
                        id: row["id"],
                        app: row["app"],
                        snapshotType: row["snapshot_type"],
                        metrics: Metric.list(fromStored: row["metrics"]),
                        timestamp: row["timestamp"],
                        replacedAt: row["replaced_at"]
                    )
                )
            }
            return byWorker
        }
    }

    func idempotencyRecord(organizationID: String, route: String, key: String, notBefore: Int64) async throws -> IdempotencyRecord? {
        try await pool.read { db in
            try Row.fetchOne(
                db,
                sql: "SELECT * FROM idempotency_records WHERE organization_id = ? AND route = ? AND key = ? AND created_at >= ?",
                arguments: [organizationID, route, key, notBefore]
            ).map { row in
                IdempotencyRecord(
                    organizationID: organizationID,
                    route: route,
                    key: key,
                    requestHash: row["request_hash"],
                    response: StoredResponse(status: .init(code: row["status"]), body: [UInt8](row["body"] as Data)),
                    createdAt: row["created_at"]
                )
            }
        }
    }

    func deleteIdempotencyRecords(before time: Int64) async throws -> Int {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM idempotency_records WHERE created_at < ?", arguments: [time])
            return db.changesCount
        }
    }

    private static func worker(_ row: Row, organizationID: String, _ db: Database) throws -> WorkerRecord {
        let id: String = row["id"]
        let identifiers = try Row.fetchAll(
            db,
            sql: """
                SELECT i.kind, i.value, a.slug FROM worker_identifiers i LEFT JOIN apps a ON a.id = i.scope
                WHERE i.worker_id = ? ORDER BY i.kind, i.value
                """,
            arguments: [id]
        ).map { WorkerIdentifierView(kind: $0["kind"], value: $0["value"], app: $0["slug"]) }
        var progress: [String: ScoreProgress] = [:]
        for score in try Row.fetchAll(
            db,
            sql: "SELECT ruleset_id, progress FROM lead_scores WHERE organization_id = ? AND worker_id = ?",
            arguments: [organizationID, id]
        ) {
            progress[score[0]] = try ScoreProgress(stored: score[1])
        }
        return WorkerRecord(id: id, identifiers: identifiers, unitID: row["unit_id"], progress: progress, createdAt: row["created_at"])
    }
}
