import NIOCore
import PostgresNIO

/// A group commit on PostgreSQL: each kind of lookup is one query and each kind
/// of write one statement (or one clause of a single statement), with the rows
/// passed as arrays and expanded by `unnest`, so the round trips of a group do
/// not grow with its rows. Inserts of unique keys are plain: a key taken by
/// another writer meanwhile fails the write, which the store then runs again
/// with fresh facts.
struct PostgresGroupCommit {
    let session: PostgresSession
    /// With a gate, the writes' last statement or `COMMIT` is their commit
    /// point, sent only before the deadline (``CommitGate``).
    var gate: CommitGate? = nil
    /// How long a sent commit point is awaited before its outcome is unknown.
    var outcomeWait: Duration = .seconds(30)

    func fetch(_ lookup: IngestLookup) async throws -> IngestFacts {
        var facts = IngestFacts()
        facts.workers = try await existing(lookup.workers)
        facts.identifiers = try await owners(of: lookup.identifiers)
        if !lookup.clientEvents.isEmpty {
            let keys = Array(lookup.clientEvents)
            let rows = try await session.query(Lookup.ClientEvents.self, .init(keys.map(\.organizationID), keys.map(\.appID), keys.map(\.clientID)))
            for row in rows {
                let (organizationID, appID, clientID, eventID, workerID) = try row.decode((String, String, String, String, String).self)
                facts.clientEvents[ClientEventKey(organizationID: organizationID, appID: appID, clientID: clientID)] =
                    ClientEvent(eventID: eventID, workerID: workerID)
            }
        }
        if !lookup.months.isEmpty {
            let keys = Array(lookup.months)
            let rows = try await session.query(Lookup.Months.self, .init(keys.map(\.organizationID), keys.map(\.month)))
            for row in rows {
                let (organizationID, month, events) = try row.decode((String, String, Int).self)
                facts.eventCounts[UsageKey(organizationID: organizationID, month: month)] = events
            }
        }
        if !lookup.idempotencyScopes.isEmpty {
            let scopes = Array(lookup.idempotencyScopes)
            let rows = try await session.query(
                Lookup.IdempotencyRecords.self,
                .init(scopes.map(\.organizationID), scopes.map(\.route), scopes.map(\.key))
            )
            for row in rows {
                let (organizationID, route, key, createdAt) = try row.decode((String, String, String, Int64).self)
                facts.idempotencyRecords[IdempotencyScope(organizationID: organizationID, route: route, key: key)] = createdAt
            }
        }
        let slots = Array(lookup.snapshotSlots(identifiers: facts.identifiers))
        if !slots.isEmpty {
            let rows = try await session.query(
                Lookup.CurrentSnapshots.self,
                .init(slots.map(\.organizationID), slots.map(\.workerID), slots.map(\.snapshotType))
            )
            for row in rows {
                let (organizationID, workerID, snapshotType, rank) = try row.decode((String, String, String, Int64).self)
                facts.currentSnapshots[SnapshotSlot(organizationID: organizationID, workerID: workerID, snapshotType: snapshotType)] = rank
            }
        }
        if !lookup.streamItems.isEmpty {
            let keys = Array(lookup.streamItems)
            let rows = try await session.query(Lookup.StreamItems.self, .init(keys.map(\.organizationID), keys.map(\.streamID), keys.map(\.itemID)))
            for row in rows {
                let (organizationID, streamID, itemID, fields) = try row.decode((String, String, String, String).self)
                let key = StreamItemKey(organizationID: organizationID, streamID: streamID, itemID: itemID)
                facts.streamItems[key] = try ItemField.fields(stored: fields)
            }
        }
        return facts
    }

    /// The workers of `keys` that exist.
    func existing(_ keys: Set<WorkerKey>) async throws -> Set<WorkerKey> {
        guard !keys.isEmpty else { return [] }
        let keys = Array(keys)
        let rows = try await session.query(Lookup.Workers.self, .init(keys.map(\.organizationID), keys.map(\.workerID)))
        var found: Set<WorkerKey> = []
        for row in rows {
            let (organizationID, workerID) = try row.decode((String, String).self)
            found.insert(WorkerKey(organizationID: organizationID, workerID: workerID))
        }
        return found
    }

    /// The worker each identifier of `keys` that is held belongs to.
    func owners(of keys: Set<IdentifierKey>) async throws -> [IdentifierKey: String] {
        guard !keys.isEmpty else { return [:] }
        let keys = Array(keys)
        let rows = try await session.query(
            Lookup.Owners.self,
            .init(keys.map(\.organizationID), keys.map(\.identifier.kind.rawValue), keys.map(\.identifier.scope), keys.map(\.identifier.value))
        )
        var owners: [IdentifierKey: String] = [:]
        for row in rows {
            let (organizationID, kind, scope, value, workerID) = try row.decode((String, String, String, String, String).self)
            guard let kind = WorkerIdentifier.Kind(rawValue: kind) else { continue }
            owners[IdentifierKey(organizationID: organizationID, identifier: WorkerIdentifier(kind: kind, scope: scope, value: value))] = workerID
        }
        return owners
    }

    /// Takes the erasure locks of the people's organizations shared until the
    /// write commits, then fails with a serialization failure if one of them
    /// no longer exists (`inlet_erasure_guard`, migration 12).
    private static func guardPeople(_ people: Set<WorkerKey>) -> PostgresStatement.Write {
        let people = Array(people)
        return { s in
            "SELECT inlet_erasure_guard(\(s.bind(people.map(\.organizationID)))::text[], \(s.bind(people.map(\.workerID)))::text[])"
        }
    }

    /// Attaches identifiers to their workers, in key order.
    static func attach(_ identifiers: [IdentifierKey: String]) -> PostgresStatement.Write {
        let links = identifiers.sorted { ($0.key.organizationID, $0.key.identifier.value) < ($1.key.organizationID, $1.key.identifier.value) }
        return { s in
            """
            INSERT INTO worker_identifiers (organization_id, kind, scope, value, worker_id)
            SELECT * FROM unnest(\(s.bind(links.map(\.key.organizationID)))::text[], \(s.bind(links.map(\.key.identifier.kind.rawValue)))::text[],
                \(s.bind(links.map(\.key.identifier.scope)))::text[], \(s.bind(links.map(\.key.identifier.value)))::text[],
                \(s.bind(links.map(\.value)))::text[])
            """
        }
    }

    /// Applies `writes`. Most groups (no capped month, no snapshot replaced, no
    /// expired idempotency record) go as one statement whose writes are chained
    /// `WITH` clauses: one round trip, atomic and durable on its own. The others
    /// run statement by statement in a transaction, as a statement cannot see
    /// its own clauses' changes and a month's cap is checked on its new total.
    ///
    /// The facts were read before the writes, so the people they found first
    /// pass ``guardPeople(_:)``: a person erased meanwhile fails the write as
    /// a conflict, run again with fresh facts.
    func apply(_ writes: IngestWrites, guarding people: Set<WorkerKey>) async throws {
        guard !writes.isEmpty else { return }
        if writes.monthlyCaps.isEmpty && writes.replacedSnapshots.isEmpty && writes.expiredIdempotencyRecords.isEmpty {
            let chained = Self.chained(writes, guarding: people)
            assert(PostgresStatement.chained(chained).sql == Chained.sql, "a group commit's chained writes changed their text with their rows")
            let bindings = PostgresStatement.bindings(of: chained)
            if let gate {
                try await session.commit(Chained.self, bindings, through: gate, outcomeWait: outcomeWait)
            } else {
                try await session.query(Chained.self, bindings)
            }
            return
        }
        var statements = Self.statements(for: writes)
        if !people.isEmpty { statements.insert(Self.guardPeople(people), at: 0) }
        try await session.transaction(committingThrough: gate, outcomeWait: outcomeWait) {
            var totals: [PostgresRow] = []
            for statement in statements { totals = try await session.query(PostgresStatement.single(statement)) }
            try Self.checkCaps(writes, totals: writes.eventCounts.isEmpty ? [] : totals)
        }
    }

    /// The writes of a group with no capped month, no snapshot replaced and no
    /// expired idempotency record, to be chained into one statement of `WITH`
    /// clauses holding every kind of write, those the group lacks with no
    /// rows: its text is always ``Chained/sql``, so each connection parses it
    /// once, binding only the values of each commit, and
    /// PostgreSQL keeps one plan for it rather than planning every commit
    /// (0.6 ms of PostgreSQL's time per commit of single events). That plan
    /// does not depend on how many rows the tables hold: every clause writes
    /// the rows of its arrays, and reads only the small table of webhook
    /// endpoints.
    private static func chained(_ writes: IngestWrites, guarding people: Set<WorkerKey>) -> [PostgresStatement.Write] {
        [guardPeople(people)] + statements(for: writes, everyKind: true)
    }

    /// The text of every chained group commit (``chained(_:guarding:)``).
    enum Chained: PreparedSQL {
        static let sql = PostgresStatement.chained(PostgresGroupCommit.chained(IngestWrites(), guarding: [])).sql
    }

    /// A month that a concurrent commit pushed over its cap meanwhile fails the
    /// transaction as a conflict, to be run again against the new count.
    private static func checkCaps(_ writes: IngestWrites, totals: [PostgresRow]) throws {
        for row in totals {
            let (organizationID, month, events) = try row.decode((String, String, Int).self)
            if let cap = writes.monthlyCaps[UsageKey(organizationID: organizationID, month: month)], events > cap {
                throw PostgresConflict()
            }
        }
    }

    /// The writes in a fixed order of tables, each sorted by key, so that
    /// concurrent commits take their locks in the same order; the monthly
    /// counts last, as a month's row is where concurrent commits of one
    /// organization wait for each other. Kinds of write the group has no rows
    /// of are left out, unless `everyKind` keeps those a chained group commit
    /// can hold (``chained(_:guarding:)``: all but replaced snapshots and
    /// expired idempotency records).
    private static func statements(for writes: IngestWrites, everyKind: Bool = false) -> [PostgresStatement.Write] {
        var statements: [PostgresStatement.Write] = []
        if everyKind || !writes.workers.isEmpty {
            let workers = writes.workers
            statements.append { s in
                """
                INSERT INTO workers (organization_id, id, app_id, created_at)
                SELECT * FROM unnest(\(s.bind(workers.map(\.key.organizationID)))::text[], \(s.bind(workers.map(\.key.workerID)))::text[],
                    \(s.bind(workers.map(\.appID)))::text[], \(s.bind(workers.map(\.createdAt)))::int8[])
                """
            }
        }
        if everyKind || !writes.identifiers.isEmpty {
            statements.append(attach(writes.identifiers))
        }
        if everyKind || !writes.events.isEmpty {
            statements.append(insertScored(writes.events))
        }
        if everyKind || !writes.queuedEvents.isEmpty {
            statements.append(PostgresLeadQueue.insert(writes.queuedEvents))
        }
        if everyKind || !writes.clientEvents.isEmpty {
            let firsts = writes.clientEvents.sorted { ($0.key.appID, $0.key.clientID) < ($1.key.appID, $1.key.clientID) }
            statements.append { s in
                """
                INSERT INTO client_event_ids (organization_id, app_id, client_id, event_id, worker_id)
                SELECT * FROM unnest(\(s.bind(firsts.map(\.key.organizationID)))::text[], \(s.bind(firsts.map(\.key.appID)))::text[],
                    \(s.bind(firsts.map(\.key.clientID)))::text[], \(s.bind(firsts.map(\.value.eventID)))::text[],
                    \(s.bind(firsts.map(\.value.workerID)))::text[])
                """
            }
        }
        if !writes.replacedSnapshots.isEmpty {
            let replaced = writes.replacedSnapshots.sorted { ($0.key.workerID, $0.key.snapshotType) < ($1.key.workerID, $1.key.snapshotType) }
            statements.append { s in
                """
                UPDATE snapshots s SET replaced_at = x.at
                FROM unnest(\(s.bind(replaced.map(\.key.organizationID)))::text[], \(s.bind(replaced.map(\.key.workerID)))::text[],
                    \(s.bind(replaced.map(\.key.snapshotType)))::text[], \(s.bind(replaced.map(\.value)))::int8[]) AS x(o, w, t, at)
                WHERE s.organization_id = x.o AND s.worker_id = x.w AND s.snapshot_type = x.t AND s.replaced_at IS NULL
                """
            }
        }
        if everyKind || !writes.snapshots.isEmpty {
            statements.append(insert(writes.snapshots))
        }
        if everyKind || !writes.streamItems.isEmpty {
            // New items are numbered in arrival order (the sequence is drawn after
            // the inner sort), and rows are written in key order, so that
            // concurrent groups lock the items they share in the same order. The
            // sequence is named, as `pg_get_serial_sequence` would look it up per row.
            let items = writes.streamItems
            statements.append { s in
                """
                INSERT INTO stream_items (organization_id, stream_id, id, seq, fields, created_at, updated_at)
                SELECT o, st, i, n, f::jsonb, t, t FROM (
                    SELECT o, st, i, f, t, nextval('stream_items_seq_seq') AS n
                    FROM unnest(\(s.bind(items.map(\.key.organizationID)))::text[], \(s.bind(items.map(\.key.streamID)))::text[],
                        \(s.bind(items.map(\.key.itemID)))::text[], \(s.bind(items.map { JSONWriter.string(ItemField.object($0.fields)) }))::text[],
                        \(s.bind(items.map(\.at)))::int8[]) WITH ORDINALITY AS x(o, st, i, f, t, position)
                    ORDER BY position) numbered
                ORDER BY o, st, i
                ON CONFLICT (organization_id, stream_id, id)
                DO UPDATE SET fields = stream_items.fields || excluded.fields, updated_at = excluded.updated_at
                """
            }
        }
        if !writes.expiredIdempotencyRecords.isEmpty {
            let expired = Array(writes.expiredIdempotencyRecords)
            statements.append { s in
                """
                DELETE FROM idempotency_records r
                USING unnest(\(s.bind(expired.map(\.key.organizationID)))::text[], \(s.bind(expired.map(\.key.route)))::text[],
                    \(s.bind(expired.map(\.key.key)))::text[], \(s.bind(expired.map(\.value)))::int8[]) AS x(o, r, k, created)
                WHERE r.organization_id = x.o AND r.route = x.r AND r.key = x.k AND r.created_at = x.created
                """
            }
        }
        if everyKind || !writes.idempotencyRecords.isEmpty {
            let records = writes.idempotencyRecords
            statements.append { s in
                """
                INSERT INTO idempotency_records (organization_id, route, key, request_hash, status, body, created_at)
                SELECT * FROM unnest(\(s.bind(records.map(\.organizationID)))::text[], \(s.bind(records.map(\.route)))::text[],
                    \(s.bind(records.map(\.key)))::text[], \(s.bind(records.map(\.requestHash)))::text[],
                    \(s.bind(records.map { Int32($0.response.status.code) }))::int4[],
                    \(s.bind(records.map { ByteBuffer(bytes: $0.response.body) }))::bytea[], \(s.bind(records.map(\.createdAt)))::int8[])
                """
            }
        }
        if everyKind || !writes.activity.isEmpty {
            let activity = writes.activity.sorted { $0.key < $1.key }
            statements.append { s in
                """
                INSERT INTO activity_minutes AS a (organization_id, slot, code, minute, rows)
                SELECT * FROM unnest(\(s.bind(activity.map(\.key.organizationID)))::text[], \(s.bind(activity.map { Int16($0.key.slot) }))::int2[],
                    \(s.bind(activity.map(\.key.code)))::text[], \(s.bind(activity.map(\.key.minute)))::int8[],
                    \(s.bind(activity.map { Int64($0.value) }))::int8[])
                ON CONFLICT (organization_id, slot, code) DO UPDATE SET
                    rows = CASE WHEN excluded.minute > a.minute THEN excluded.rows WHEN excluded.minute = a.minute THEN a.rows + excluded.rows
                        ELSE a.rows END,
                    minute = greatest(a.minute, excluded.minute)
                """
            }
        }
        if everyKind || !writes.eventCounts.isEmpty {
            let counts = writes.eventCounts.sorted { $0.key < $1.key }
            statements.append { s in
                """
                INSERT INTO monthly_usage (organization_id, month, events)
                SELECT * FROM unnest(\(s.bind(counts.map(\.key.organizationID)))::text[], \(s.bind(counts.map(\.key.month)))::text[],
                    \(s.bind(counts.map { Int64($0.value) }))::int8[])
                ON CONFLICT (organization_id, month) DO UPDATE SET events = monthly_usage.events + excluded.events
                RETURNING organization_id, month, events
                """
            }
        }
        return statements
    }

    /// Inserts a group's events, queues them for the lead processor by
    /// reference (per organization, one row of their sequences in its
    /// partition) and records their webhook deliveries.
    private static func insertScored(_ events: [StoredEvent]) -> PostgresStatement.Write {
        { s in
            let stored = s.clause(insertSQL(events, &s) + "\nRETURNING organization_id, seq, id, event_type, received_at")
            _ = s.clause(recordDeliveries(of: stored, at: events.lazy.map(\.receivedAt).max() ?? 0, &s))
            return """
                INSERT INTO lead_event_batches (partition, organization_id, event_seqs, received_at)
                SELECT inlet_lead_partition(organization_id), organization_id, array_agg(seq ORDER BY seq), min(received_at)
                FROM \(stored) GROUP BY organization_id ORDER BY organization_id
                """
        }
    }

    /// Inserts events and records their webhook deliveries, as the lead
    /// processor does with those it records.
    static func insert(_ events: [StoredEvent], at now: Int64) -> PostgresStatement.Write {
        { s in
            let stored = s.clause(insertSQL(events, &s) + "\nRETURNING organization_id, seq, id, event_type")
            return recordDeliveries(of: stored, at: now, &s)
        }
    }

    /// Records a delivery of each event of clause `stored` to every active
    /// endpoint of its organization that wants its type. The patterns are
    /// matched once per organization and event type of the group, not per
    /// event (`OFFSET 0` keeps the planner from moving the match after the
    /// join with the events: 11 ms instead of 2 for 500 events and 10
    /// endpoints); with no active endpoint anywhere, a one-time filter ends
    /// it before any join.
    private static func recordDeliveries(of stored: String, at now: Int64, _ s: inout PostgresStatement) -> String {
        let at = s.bind(now)
        return """
            INSERT INTO webhook_deliveries (organization_id, endpoint_id, event_seq, event_id, status, attempts, next_attempt_at, created_at)
            SELECT x.organization_id, m.id, x.seq, x.id, 'pending', 0, \(at), \(at)
            FROM \(stored) x JOIN (
                SELECT t.organization_id, t.event_type, w.id
                FROM (SELECT DISTINCT organization_id, event_type FROM \(stored)) t
                JOIN webhook_endpoints w ON w.organization_id = t.organization_id AND w.active
                WHERE EXISTS (
                    SELECT 1 FROM unnest(w.event_types) p
                    WHERE p = '*' OR p = t.event_type OR (right(p, 2) = '.*' AND length(t.event_type) > length(p) - 1
                        AND left(t.event_type, length(p) - 1) = left(p, length(p) - 1)))
                OFFSET 0
            ) m ON m.organization_id = x.organization_id AND m.event_type = x.event_type
            WHERE (SELECT EXISTS (SELECT 1 FROM webhook_endpoints WHERE active))
            ON CONFLICT (endpoint_id, event_id) DO NOTHING
            RETURNING 1
            """
    }

    /// Absent values travel as values no row can hold: a negative duration and
    /// empty metadata (stored metadata is always a JSON object).
    private static func insertSQL(_ events: [StoredEvent], _ s: inout PostgresStatement) -> String {
        """
        INSERT INTO events (organization_id, id, app_id, app, source, worker_id, event_type, category, timestamp, received_at,
            duration, metadata, timestamp_corrected)
        SELECT o, i, a, ap, s, w, et, c, t, r, NULLIF(d, -1), NULLIF(m, ''), tc
        FROM unnest(\(s.bind(events.map(\.organizationID)))::text[], \(s.bind(events.map(\.id)))::text[],
            \(s.bind(events.map(\.appID)))::text[], \(s.bind(events.map(\.app)))::text[], \(s.bind(events.map(\.source)))::text[],
            \(s.bind(events.map(\.workerID)))::text[], \(s.bind(events.map(\.eventType)))::text[],
            \(s.bind(events.map(\.category)))::text[], \(s.bind(events.map(\.timestamp)))::int8[],
            \(s.bind(events.map(\.receivedAt)))::int8[], \(s.bind(events.map { $0.duration ?? -1 }))::float8[],
            \(s.bind(events.map { $0.metadata ?? "" }))::text[], \(s.bind(events.map(\.timestampCorrected)))::bool[])
            AS x(o, i, a, ap, s, w, et, c, t, r, d, m, tc)
        """
    }

    /// Snapshots not replaced travel with a `replaced_at` of -1.
    private static func insert(_ snapshots: [StoredSnapshot]) -> PostgresStatement.Write {
        { s in
            """
            INSERT INTO snapshots (organization_id, id, app_id, worker_id, snapshot_type, type_rank, metrics, timestamp, received_at,
                replaced_at)
            SELECT o, i, a, w, t, rank, m, ts, r, NULLIF(rep, -1)
            FROM unnest(\(s.bind(snapshots.map(\.organizationID)))::text[], \(s.bind(snapshots.map(\.id)))::text[],
                \(s.bind(snapshots.map(\.appID)))::text[], \(s.bind(snapshots.map(\.workerID)))::text[],
                \(s.bind(snapshots.map(\.snapshotType)))::text[], \(s.bind(snapshots.map(\.typeRank)))::int8[],
                \(s.bind(snapshots.map { Metric.stored($0.metrics) }))::text[], \(s.bind(snapshots.map(\.timestamp)))::int8[],
                \(s.bind(snapshots.map(\.receivedAt)))::int8[], \(s.bind(snapshots.map { $0.replacedAt ?? -1 }))::int8[])
                AS x(o, i, a, w, t, rank, m, ts, r, rep)
            """
        }
    }
}

extension PostgresGroupCommit {
    /// The lookups of a group commit, by key arrays expanded with `unnest`.
    enum Lookup {
        enum ClientEvents: PreparedSQL {
            static let sql = """
                SELECT c.organization_id, c.app_id, c.client_id, c.event_id, c.worker_id FROM client_event_ids c
                JOIN unnest($1::text[], $2::text[], $3::text[]) AS x(o, a, c)
                ON c.organization_id = x.o AND c.app_id = x.a AND c.client_id = x.c
                """
        }

        enum Months: PreparedSQL {
            static let sql = """
                SELECT u.organization_id, u.month, u.events FROM monthly_usage u
                JOIN unnest($1::text[], $2::text[]) AS x(o, m) ON u.organization_id = x.o AND u.month = x.m
                """
        }

        enum IdempotencyRecords: PreparedSQL {
            static let sql = """
                SELECT r.organization_id, r.route, r.key, r.created_at FROM idempotency_records r
                JOIN unnest($1::text[], $2::text[], $3::text[]) AS x(o, r, k)
                ON r.organization_id = x.o AND r.route = x.r AND r.key = x.k
                """
        }

        enum CurrentSnapshots: PreparedSQL {
            static let sql = """
                SELECT s.organization_id, s.worker_id, s.snapshot_type, s.type_rank FROM snapshots s
                JOIN unnest($1::text[], $2::text[], $3::text[]) AS x(o, w, t)
                ON s.organization_id = x.o AND s.worker_id = x.w AND s.snapshot_type = x.t AND s.replaced_at IS NULL
                """
        }

        enum StreamItems: PreparedSQL {
            static let sql = """
                SELECT i.organization_id, i.stream_id, i.id, i.fields::text FROM stream_items i
                JOIN unnest($1::text[], $2::text[], $3::text[]) AS x(o, s, i)
                ON i.organization_id = x.o AND i.stream_id = x.s AND i.id = x.i
                """
        }

        enum Workers: PreparedSQL {
            static let sql = """
                SELECT w.organization_id, w.id FROM workers w
                JOIN unnest($1::text[], $2::text[]) AS x(o, i) ON w.organization_id = x.o AND w.id = x.i
                """
        }

        enum Owners: PreparedSQL {
            static let sql = """
                SELECT i.organization_id, i.kind, i.scope, i.value, i.worker_id FROM worker_identifiers i
                JOIN unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS x(o, k, s, v)
                ON i.organization_id = x.o AND i.kind = x.k AND i.scope = x.s AND i.value = x.v
                """
        }
    }
}
