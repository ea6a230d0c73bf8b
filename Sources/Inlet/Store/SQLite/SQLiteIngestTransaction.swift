import Foundation
import GRDB
import GRDBSQLite

/// ``IngestTransaction`` over an open SQLite write transaction; statements are cached.
/// Monthly counts are kept in memory during the group commit and written once at
/// its end (``flushEventCounts()``), instead of one upsert per request; the
/// commit loop restores ``pendingEventCounts`` when it rolls a request back.
final class SQLiteIngestTransaction: IngestTransaction {
    let db: Database
    /// Stored events added in this commit, by organization and month.
    var pendingEventCounts: [UsageKey: Int] = [:]

    struct UsageKey: Hashable {
        var organizationID: String
        var month: String
    }

    init(db: Database) {
        self.db = db
    }

    func workerExists(_ workerID: String, organizationID: String) throws -> Bool {
        try Bool.fetchOne(
            db.cachedStatement(sql: "SELECT 1 FROM workers WHERE id = ? AND organization_id = ?"),
            arguments: [workerID, organizationID]) ?? false
    }

    func worker(with identifier: WorkerIdentifier, organizationID: String) throws -> String? {
        try String.fetchOne(
            db.cachedStatement(
                sql: "SELECT worker_id FROM worker_identifiers WHERE organization_id = ? AND kind = ? AND scope = ? AND value = ?"),
            arguments: [organizationID, identifier.kind.rawValue, identifier.scope, identifier.value])
    }

    func createWorker(id: String, organizationID: String, appID: String, createdAt: Int64) throws {
        try db.cachedStatement(sql: "INSERT INTO workers (id, organization_id, app_id, created_at) VALUES (?, ?, ?, ?)")
            .execute(arguments: [id, organizationID, appID, createdAt])
    }

    func attach(_ identifier: WorkerIdentifier, to workerID: String, organizationID: String) throws {
        try db.cachedStatement(
            sql: "INSERT OR IGNORE INTO worker_identifiers (organization_id, kind, scope, value, worker_id) VALUES (?, ?, ?, ?, ?)"
        ).execute(arguments: [organizationID, identifier.kind.rawValue, identifier.scope, identifier.value, workerID])
    }

    func clientEvent(_ clientID: String, appID: String) throws -> (eventID: String, workerID: String)? {
        let row = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT event_id, worker_id FROM client_event_ids WHERE app_id = ? AND client_id = ?"),
            arguments: [appID, clientID])
        return row.map { ($0[0], $0[1]) }
    }

    func recordClientEvent(_ clientID: String, appID: String, eventID: String, workerID: String) throws {
        try db.cachedStatement(sql: "INSERT INTO client_event_ids (app_id, client_id, event_id, worker_id) VALUES (?, ?, ?, ?)")
            .execute(arguments: [appID, clientID, eventID, workerID])
    }

    /// The hottest statement of the write path binds its values straight to
    /// SQLite: building `StatementArguments` for every row cost more than the insert.
    func insert(_ event: StoredEvent) throws {
        let statement = try db.cachedStatement(sql: Self.insertEvent)
        let handle = statement.sqliteStatement
        sqlite3_reset(handle)
        for (position, text) in [
            event.id, event.organizationID, event.appID, event.app, event.source, event.workerID, event.eventType,
            event.category,
        ].enumerated() {
            bind(text, at: Int32(position + 1), handle)
        }
        sqlite3_bind_int64(handle, 9, event.timestamp)
        sqlite3_bind_int64(handle, 10, event.receivedAt)
        if let duration = event.duration { sqlite3_bind_double(handle, 11, duration) } else { sqlite3_bind_null(handle, 11) }
        if let metadata = event.metadata { bind(metadata, at: 12, handle) } else { sqlite3_bind_null(handle, 12) }
        sqlite3_bind_int64(handle, 13, event.timestampCorrected ? 1 : 0)
        let code = sqlite3_step(handle)
        sqlite3_reset(handle)
        guard code == SQLITE_DONE else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
        }
    }

    private static let insertEvent = """
        INSERT INTO events (id, organization_id, app_id, app, source, worker_id, event_type, category, timestamp,
        received_at, duration, metadata, timestamp_corrected) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """

    /// SQLite copies the bytes during the call (`SQLITE_TRANSIENT`).
    private func bind(_ text: String, at position: Int32, _ handle: OpaquePointer) {
        var text = text
        text.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { characters in
                _ = sqlite3_bind_text(handle, position, characters.baseAddress, Int32(characters.count), Self.transient)
            }
        }
    }

    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    func eventCount(organizationID: String, month: String) throws -> Int {
        let stored = try Int.fetchOne(
            db.cachedStatement(sql: "SELECT events FROM monthly_usage WHERE organization_id = ? AND month = ?"),
            arguments: [organizationID, month]) ?? 0
        return stored + pendingEventCounts[UsageKey(organizationID: organizationID, month: month), default: 0]
    }

    func addEventCount(_ count: Int, organizationID: String, month: String) throws {
        pendingEventCounts[UsageKey(organizationID: organizationID, month: month), default: 0] += count
    }

    /// Writes the counts added in this commit.
    func flushEventCounts() throws {
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO monthly_usage (organization_id, month, events) VALUES (?, ?, ?)
                ON CONFLICT (organization_id, month) DO UPDATE SET events = events + excluded.events
                """)
        for (key, count) in pendingEventCounts where count != 0 {
            try statement.execute(arguments: [key.organizationID, key.month, count])
        }
        pendingEventCounts = [:]
    }

    func replaceSnapshot(_ snapshot: StoredSnapshot) throws -> Bool {
        let current = try Row.fetchOne(
            db.cachedStatement(
                sql: "SELECT seq, type_rank FROM snapshots WHERE worker_id = ? AND snapshot_type = ? AND replaced_at IS NULL"),
            arguments: [snapshot.workerID, snapshot.snapshotType])
        if let current {
            try db.cachedStatement(sql: "UPDATE snapshots SET replaced_at = ? WHERE seq = ?")
                .execute(arguments: [snapshot.receivedAt, current["seq"] as Int64])
        }
        try db.cachedStatement(
            sql: """
                INSERT INTO snapshots (id, organization_id, app_id, worker_id, snapshot_type, type_rank, metrics, timestamp,
                received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            snapshot.id, snapshot.organizationID, snapshot.appID, snapshot.workerID, snapshot.snapshotType,
            current?["type_rank"] as Int64? ?? 0, JSONWriter.string(.array(snapshot.metrics.map(\.json))),
            snapshot.timestamp, snapshot.receivedAt,
        ])
        if current == nil {
            try db.execute(sql: "UPDATE snapshots SET type_rank = seq WHERE seq = ?", arguments: [db.lastInsertedRowID])
        }
        return current != nil
    }

    func saveResponse(_ record: IdempotencyRecord, replacingRecordsBefore expiredBefore: Int64) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO idempotency_records (organization_id, route, key, request_hash, status, body, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (organization_id, route, key) DO UPDATE SET request_hash = excluded.request_hash,
                status = excluded.status, body = excluded.body, created_at = excluded.created_at
                WHERE idempotency_records.created_at < ?
                """
        ).execute(arguments: [
            record.organizationID, record.route, record.key, record.requestHash, record.response.status,
            Data(record.response.body), record.createdAt, expiredBefore,
        ])
        guard db.changesCount > 0 else { throw IdempotencyConflict() }
    }
}
