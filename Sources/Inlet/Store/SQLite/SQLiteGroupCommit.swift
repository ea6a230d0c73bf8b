import Foundation
import GRDB
import GRDBSQLite

/// A group commit on SQLite's single writer: fetches an ``IngestLookup`` and
/// applies ``IngestWrites`` with cached per-row statements, which cost no round
/// trips in process.
struct SQLiteGroupCommit {
    let db: Database

    func fetch(_ lookup: IngestLookup) throws -> IngestFacts {
        var facts = IngestFacts()
        facts.workers = try existing(lookup.workers)
        facts.identifiers = try owners(of: lookup.identifiers)
        let clientEvent = try db.cachedStatement(sql: "SELECT event_id, worker_id FROM client_event_ids WHERE app_id = ? AND client_id = ?")
        for key in lookup.clientEvents {
            if let row = try Row.fetchOne(clientEvent, arguments: [key.appID, key.clientID]) {
                facts.clientEvents[key] = ClientEvent(eventID: row[0], workerID: row[1])
            }
        }
        let usage = try db.cachedStatement(sql: "SELECT events FROM monthly_usage WHERE organization_id = ? AND month = ?")
        for key in lookup.months {
            facts.eventCounts[key] = try Int.fetchOne(usage, arguments: [key.organizationID, key.month])
        }
        let record = try db.cachedStatement(sql: "SELECT created_at FROM idempotency_records WHERE organization_id = ? AND route = ? AND key = ?")
        for scope in lookup.idempotencyScopes {
            facts.idempotencyRecords[scope] = try Int64.fetchOne(record, arguments: [scope.organizationID, scope.route, scope.key])
        }
        let snapshot = try db.cachedStatement(
            sql: "SELECT type_rank FROM snapshots WHERE worker_id = ? AND snapshot_type = ? AND organization_id = ? AND replaced_at IS NULL"
        )
        for slot in lookup.snapshotSlots(identifiers: facts.identifiers) {
            facts.currentSnapshots[slot] = try Int64.fetchOne(snapshot, arguments: [slot.workerID, slot.snapshotType, slot.organizationID])
        }
        for key in lookup.streamItems {
            facts.streamItems[key] = try storedFields(key)
        }
        return facts
    }

    func apply(_ writes: IngestWrites) throws {
        let worker = try db.cachedStatement(sql: "INSERT INTO workers (id, organization_id, app_id, created_at) VALUES (?, ?, ?, ?)")
        for new in writes.workers {
            try worker.execute(arguments: [new.key.workerID, new.key.organizationID, new.appID, new.createdAt])
        }
        try attach(writes.identifiers)
        try insertScored(writes.events)
        for queued in writes.queuedEvents { try insert(queued) }
        let clientEvent = try db.cachedStatement(sql: "INSERT INTO client_event_ids (app_id, client_id, event_id, worker_id) VALUES (?, ?, ?, ?)")
        for (key, first) in writes.clientEvents {
            try clientEvent.execute(arguments: [key.appID, key.clientID, first.eventID, first.workerID])
        }
        let usage = try db.cachedStatement(
            sql: """
                INSERT INTO monthly_usage (organization_id, month, events) VALUES (?, ?, ?)
                ON CONFLICT (organization_id, month) DO UPDATE SET events = events + excluded.events
                """
        )
        for (key, count) in writes.eventCounts {
            try usage.execute(arguments: [key.organizationID, key.month, count])
        }
        let activity = try db.cachedStatement(
            sql: """
                INSERT INTO activity_minutes (organization_id, slot, code, minute, rows) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (organization_id, slot, code) DO UPDATE SET
                    rows = CASE WHEN excluded.minute > minute THEN excluded.rows WHEN excluded.minute = minute THEN rows + excluded.rows ELSE rows END,
                    minute = max(minute, excluded.minute)
                """
        )
        for (key, rows) in writes.activity {
            try activity.execute(arguments: [key.organizationID, key.slot, key.code, key.minute, rows])
        }
        let replace = try db.cachedStatement(
            sql: "UPDATE snapshots SET replaced_at = ? WHERE worker_id = ? AND snapshot_type = ? AND organization_id = ? AND replaced_at IS NULL"
        )
        for (slot, time) in writes.replacedSnapshots {
            try replace.execute(arguments: [time, slot.workerID, slot.snapshotType, slot.organizationID])
        }
        let snapshot = try db.cachedStatement(
            sql: """
                INSERT INTO snapshots (id, organization_id, app_id, worker_id, snapshot_type, type_rank, metrics, timestamp,
                received_at, replaced_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        )
        for new in writes.snapshots {
            try snapshot.execute(arguments: [
                new.id, new.organizationID, new.appID, new.workerID, new.snapshotType, new.typeRank,
                Metric.stored(new.metrics), new.timestamp, new.receivedAt, new.replacedAt,
            ])
        }
        for write in writes.streamItems { try upsert(write) }
        let expired = try db.cachedStatement(
            sql: "DELETE FROM idempotency_records WHERE organization_id = ? AND route = ? AND key = ? AND created_at = ?"
        )
        for (scope, createdAt) in writes.expiredIdempotencyRecords {
            try expired.execute(arguments: [scope.organizationID, scope.route, scope.key, createdAt])
        }
        let record = try db.cachedStatement(
            sql: """
                INSERT INTO idempotency_records (organization_id, route, key, request_hash, status, body, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """
        )
        for new in writes.idempotencyRecords {
            try record.execute(arguments: [
                new.organizationID, new.route, new.key, new.requestHash, new.response.status.code, Data(new.response.body), new.createdAt,
            ])
        }
    }

    /// The workers of `keys` that exist.
    func existing(_ keys: Set<WorkerKey>) throws -> Set<WorkerKey> {
        let worker = try db.cachedStatement(sql: "SELECT 1 FROM workers WHERE id = ? AND organization_id = ?")
        return try keys.filter { try Bool.fetchOne(worker, arguments: [$0.workerID, $0.organizationID]) ?? false }
    }

    /// The worker each identifier of `keys` that is held belongs to.
    func owners(of keys: Set<IdentifierKey>) throws -> [IdentifierKey: String] {
        let identifier = try db.cachedStatement(
            sql: "SELECT worker_id FROM worker_identifiers WHERE organization_id = ? AND kind = ? AND scope = ? AND value = ?"
        )
        var owners: [IdentifierKey: String] = [:]
        for key in keys {
            let id = key.identifier
            owners[key] = try String.fetchOne(identifier, arguments: [key.organizationID, id.kind.rawValue, id.scope, id.value])
        }
        return owners
    }

    /// Attaches identifiers to their workers.
    func attach(_ identifiers: [IdentifierKey: String]) throws {
        let identifier = try db.cachedStatement(
            sql: "INSERT INTO worker_identifiers (organization_id, kind, scope, value, worker_id) VALUES (?, ?, ?, ?, ?)"
        )
        for (key, workerID) in identifiers {
            try identifier.execute(arguments: [
                key.organizationID, key.identifier.kind.rawValue, key.identifier.scope, key.identifier.value, workerID,
            ])
        }
    }

    /// A stored stream item's fields.
    private func storedFields(_ key: StreamItemKey) throws -> [ItemField]? {
        let statement = try db.cachedStatement(sql: "SELECT fields FROM stream_items WHERE stream_id = ? AND id = ? AND organization_id = ?")
        guard let fields = try String.fetchOne(statement, arguments: [key.streamID, key.itemID, key.organizationID]) else { return nil }
        return try ItemField.fields(stored: fields)
    }

    /// Writes an item whole as the plan merged it (SQLite has one writer, so
    /// the facts it merged over are current) and keeps the comparable values
    /// of the fields that change beside it.
    private func upsert(_ write: StreamItemWrite) throws {
        let key = write.key
        let fields = JSONWriter.string(ItemField.object(write.merged))
        let seq: Int64
        if !write.isNew {
            let update = try db.cachedStatement(
                sql: "UPDATE stream_items SET fields = ?, updated_at = ? WHERE stream_id = ? AND id = ? AND organization_id = ? RETURNING seq"
            )
            seq = try Int64.fetchOne(update, arguments: [fields, write.at, key.streamID, key.itemID, key.organizationID]) ?? 0
            let forget = try db.cachedStatement(sql: "DELETE FROM stream_item_fields WHERE item_seq = ? AND name = ?")
            for field in write.fields { try forget.execute(arguments: [seq, field.name]) }
        } else {
            try db.cachedStatement(
                sql: "INSERT INTO stream_items (organization_id, stream_id, id, fields, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)"
            ).execute(arguments: [key.organizationID, key.streamID, key.itemID, fields, write.at, write.at])
            seq = db.lastInsertedRowID
        }
        let index = try db.cachedStatement(sql: "INSERT OR IGNORE INTO stream_item_fields (stream_id, name, value, item_seq) VALUES (?, ?, ?, ?)")
        for field in write.fields {
            if let value = ItemField.comparable(field.value) { try index.execute(arguments: [key.streamID, field.name, value, seq]) }
        }
    }

    /// Inserts a group's events, queues them for the lead processor by their
    /// range of sequences and records their webhook deliveries.
    private func insertScored(_ events: [StoredEvent]) throws {
        guard let receivedAt = events.lazy.map(\.receivedAt).min() else { return }
        for event in events { try insert(event) }
        let last = db.lastInsertedRowID
        let first = last - Int64(events.count) + 1
        try db.cachedStatement(sql: "INSERT INTO lead_event_ranges (first_event, last_event, received_at) VALUES (?, ?, ?)")
            .execute(arguments: [first, last, receivedAt])
        try recordDeliveries(
            of: zip(first...last, events).lazy.map { (sequence: $0, event: $1) },
            at: events.lazy.map(\.receivedAt).max() ?? receivedAt
        )
    }

    /// Records a delivery of each event to every active endpoint of its
    /// organization that wants its type, matching the patterns once per
    /// organization and event type; one read of an empty table when there is
    /// none, which leaves `events` unread.
    func recordDeliveries(of events: some Sequence<(sequence: Int64, event: StoredEvent)>, at now: Int64) throws {
        let active = try db.cachedStatement(sql: "SELECT organization_id, id, event_types FROM webhook_endpoints WHERE active = 1")
        var endpoints: [String: [(id: String, eventTypes: [String])]] = [:]
        for row in try Row.fetchAll(active) {
            endpoints[row[0], default: []].append((row[1], (row[2] as String).split(separator: " ").map(String.init)))
        }
        guard !endpoints.isEmpty else { return }
        let delivery = try db.cachedStatement(
            sql: """
                INSERT OR IGNORE INTO webhook_deliveries (organization_id, endpoint_id, event_seq, event_id, status, attempts, next_attempt_at,
                    created_at) VALUES (?, ?, ?, ?, 'pending', 0, ?, ?)
                """
        )
        // Organization → event type → the endpoints that want it.
        var subscribers: [String: [String: [String]]] = [:]
        for (sequence, event) in events {
            let ids: [String]
            if let known = subscribers[event.organizationID]?[event.eventType] {
                ids = known
            } else {
                ids = (endpoints[event.organizationID] ?? [])
                    .filter { $0.eventTypes.contains { EventTypeWhitelist.matches($0, event.eventType) } }.map(\.id)
                subscribers[event.organizationID, default: [:]][event.eventType] = ids
            }
            for id in ids {
                try delivery.execute(arguments: [event.organizationID, id, sequence, event.id, now, now])
            }
        }
    }

    /// The hottest statements of the write path bind their values straight to
    /// SQLite: building `StatementArguments` for every row cost more than the insert.
    func insert(_ event: StoredEvent) throws {
        let handle = try prepared(Self.insertEvent)
        bind(event.id, at: 1, handle)
        bind(event.organizationID, at: 2, handle)
        bind(event.appID, at: 3, handle)
        bind(event.app, at: 4, handle)
        bind(event.source, at: 5, handle)
        bind(event.workerID, at: 6, handle)
        bind(event.eventType, at: 7, handle)
        bind(event.category, at: 8, handle)
        sqlite3_bind_int64(handle, 9, event.timestamp)
        sqlite3_bind_int64(handle, 10, event.receivedAt)
        if let duration = event.duration { sqlite3_bind_double(handle, 11, duration) } else { sqlite3_bind_null(handle, 11) }
        bind(event.metadata, at: 12, handle)
        sqlite3_bind_int64(handle, 13, event.timestampCorrected ? 1 : 0)
        try run(handle)
    }

    /// Queues an event for the lead processor; every v1 event comes this way too.
    private func insert(_ queued: QueuedLeadEvent) throws {
        let handle = try prepared(SQLiteLeadQueue.insert)
        let event = queued.event
        let subject = event.subject.stored
        for (position, text) in [
            queued.organizationID, queued.route.rawValue, queued.appID, queued.app, queued.unitID, event.id, subject.kind, subject.value,
            event.eventType,
        ].enumerated() {
            bind(text, at: Int32(position + 1), handle)
        }
        sqlite3_bind_int64(handle, 10, event.timestamp)
        bind(event.metadata, at: 11, handle)
        sqlite3_bind_int64(handle, 12, queued.receivedAt)
        bind(queued.deadLetterID, at: 13, handle)
        try run(handle)
    }

    /// The cached statement of `sql`, reset for new values.
    private func prepared(_ sql: String) throws -> OpaquePointer {
        let handle = try db.cachedStatement(sql: sql).sqliteStatement
        sqlite3_reset(handle)
        return handle
    }

    /// Runs a bound insert.
    private func run(_ handle: OpaquePointer) throws {
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

    /// SQLite copies the bytes during the call (`SQLITE_TRANSIENT`); nil binds NULL.
    private func bind(_ text: String?, at position: Int32, _ handle: OpaquePointer) {
        guard var text else {
            sqlite3_bind_null(handle, position)
            return
        }
        text.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { characters in
                _ = sqlite3_bind_text(handle, position, characters.baseAddress, Int32(characters.count), Self.transient)
            }
        }
    }

    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}
