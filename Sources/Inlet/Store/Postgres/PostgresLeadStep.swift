import PostgresNIO

/// A step of the lead processor on PostgreSQL, inside one transaction: locks
/// a partition of the queue that no other instance holds while it reads its
/// oldest events with what deciding them needs, and applies the writes, then
/// the removal of what it took, a statement per table. (Chained into one
/// statement, the same writes ran slower: 400 000 queued lead events took
/// 36–38 s against 30–34 s.)
struct PostgresLeadStep {
    let session: PostgresSession

    /// What a step took: queued lead events, group commits' rows of events,
    /// and the last such row in part.
    struct Taken {
        var queued: [Int64] = []
        var batches: [Int64] = []
        /// A row taken in part, and how many of its events were taken.
        var partial: (batch: Int64, taken: Int)?
    }

    /// Locks a partition with queued events that no other instance holds,
    /// trying them from `offset` on, and reads its oldest lead events and
    /// oldest events of group commits, at most `limit` of each, with what
    /// deciding them needs; nil when there is no such partition.
    func fetch(from offset: Int, limit: Int) async throws -> (batch: LeadBatch, taken: Taken)? {
        guard
            let partition = try await session.query(Read.Partition.self, .init(offset)).first?.decode(Int16.self)
        else { return nil }
        let events = try await session.query(Read.Queued.self, .init(partition, limit)) { row in
            try PostgresLeadQueue.queued(row.makeRandomAccess(), replaying: true)
        }
        var taken = Taken(queued: events.map(\.sequence))
        // The events of a commit lie in a range of sequences, which only a
        // concurrent commit's may interleave: each range is read by the
        // primary key (a lateral scan per range; `OFFSET 0` keeps the planner
        // from folding it into a join over the whole table), and the events
        // that are not this step's are left out. The plan orders each
        // person's events itself, so the read needs no sort.
        var ranges: (organizations: [String], first: [Int64], last: [Int64]) = ([], [], [])
        var wanted: Set<Int64> = []
        for row in try await session.query(Read.Batches.self, .init(partition, limit)) {
            let budget = limit - wanted.count
            guard budget > 0 else { break }
            let (seq, organizationID, sequences) = try row.decode((Int64, String, [Int64]).self)
            if sequences.count > budget {
                taken.partial = (seq, budget)
            } else {
                taken.batches.append(seq)
            }
            let scored = sequences.prefix(budget)
            guard let first = scored.min(), let last = scored.max() else { continue }
            ranges.organizations.append(organizationID)
            ranges.first.append(first)
            ranges.last.append(last)
            wanted.formUnion(scored)
        }
        var batch = LeadBatch(events: events)
        for row in try await session.query(Read.Rulesets.self, .init(Array(Set(events.map(\.organizationID)).union(ranges.organizations)))) {
            let ruleset = try PostgresStore.ruleset(row)
            batch.rulesets[ruleset.organizationID, default: []].append(ruleset)
        }
        if !wanted.isEmpty {
            // An event's metadata is read only where a rule that scores it looks into it.
            let metadata = ranges.organizations.map { batch.rulesets[$0, default: []].readMetadata(ofEventsOf: nil) }
            batch.events += try await session.query(Read.Events.self, .init(ranges.organizations, ranges.first, ranges.last, metadata)) { row in
                // A sequence in two ranges comes twice; each is taken once.
                wanted.remove(try row.decode(Int64.self)) == nil ? nil : try PostgresLeadQueue.scored(row)
            }
        }
        let lookup = batch.lookup
        let people = PostgresGroupCommit(session: session)
        batch.leads = try await people.existing(lookup.leads)
        batch.aliases = try await people.owners(of: lookup.aliases)
        let workers = Array(batch.knownWorkers)
        if !workers.isEmpty {
            for row in try await session.query(Read.Progress.self, .init(workers.map(\.organizationID), workers.map(\.workerID))) {
                let (organizationID, workerID, rulesetID, progress) = try row.decode((String, String, String, String).self)
                batch.progress[ScoreKey(organizationID: organizationID, workerID: workerID, rulesetID: rulesetID)] =
                    try ScoreProgress(stored: progress)
            }
        }
        return (batch, taken)
    }

    /// Applies `writes` and removes what the step took from the queue, one statement after another.
    func apply(_ writes: LeadWrites, removing taken: Taken) async throws {
        for statement in Self.statements(for: writes) + Self.removals(taken) { try await session.query(PostgresStatement.single(statement)) }
    }

    private static func removals(_ taken: Taken) -> [PostgresStatement.Write] {
        var statements: [PostgresStatement.Write] = []
        if !taken.queued.isEmpty {
            let queued = taken.queued
            statements.append { s in "DELETE FROM lead_queue WHERE seq = ANY(\(s.bind(queued))::int8[])" }
        }
        if !taken.batches.isEmpty {
            let batches = taken.batches
            statements.append { s in "DELETE FROM lead_event_batches WHERE seq = ANY(\(s.bind(batches))::int8[])" }
        }
        if let (batch, count) = taken.partial {
            statements.append { s in
                "UPDATE lead_event_batches SET event_seqs = event_seqs[\(s.bind(count + 1)):] WHERE seq = \(s.bind(batch))"
            }
        }
        return statements
    }

    private static func statements(for writes: LeadWrites) -> [PostgresStatement.Write] {
        var statements: [PostgresStatement.Write] = []
        if !writes.leads.isEmpty {
            let leads = writes.leads
            statements.append { s in
                """
                INSERT INTO workers (organization_id, id, app_id, unit_id, created_at)
                SELECT o, i, a, NULLIF(u, ''), t FROM unnest(\(s.bind(leads.map(\.key.organizationID)))::text[], \(s.bind(leads.map(\.key.workerID)))::text[],
                    \(s.bind(leads.map(\.appID)))::text[], \(s.bind(leads.map { $0.unitID ?? "" }))::text[], \(s.bind(leads.map(\.createdAt)))::int8[]) AS x(o, i, a, u, t)
                """
            }
        }
        if !writes.identifiers.isEmpty {
            statements.append(PostgresGroupCommit.attach(writes.identifiers))
        }
        if !writes.events.isEmpty {
            statements.append(PostgresGroupCommit.insert(writes.events, at: writes.decidedAt))
        }
        if !writes.progress.isEmpty {
            let progress = writes.progress.sorted { ($0.key.workerID, $0.key.rulesetID) < ($1.key.workerID, $1.key.rulesetID) }
            let at = writes.decidedAt
            statements.append { s in
                """
                INSERT INTO lead_scores (organization_id, worker_id, ruleset_id, progress, updated_at)
                SELECT o, w, r, p, \(s.bind(at)) FROM unnest(\(s.bind(progress.map(\.key.organizationID)))::text[],
                    \(s.bind(progress.map(\.key.workerID)))::text[], \(s.bind(progress.map(\.key.rulesetID)))::text[],
                    \(s.bind(progress.map(\.value.stored)))::text[]) AS x(o, w, r, p)
                ON CONFLICT (organization_id, worker_id, ruleset_id) DO UPDATE SET progress = excluded.progress, updated_at = excluded.updated_at
                """
            }
        }
        if !writes.milestones.isEmpty {
            let milestones = writes.milestones
            statements.append { s in
                """
                INSERT INTO lead_milestones (organization_id, worker_id, ruleset_id, name, reached_at, event_id)
                SELECT * FROM unnest(\(s.bind(milestones.map(\.key.organizationID)))::text[], \(s.bind(milestones.map(\.key.workerID)))::text[],
                    \(s.bind(milestones.map(\.key.rulesetID)))::text[], \(s.bind(milestones.map(\.name)))::text[],
                    \(s.bind(milestones.map(\.reachedAt)))::int8[], \(s.bind(milestones.map(\.eventID)))::text[])
                """
            }
        }
        if !writes.deadLetters.isEmpty {
            let letters = writes.deadLetters
            let events = letters.map(\.queued.event)
            statements.append { s in
                """
                INSERT INTO dead_letters (\(PostgresLeadQueue.columns), id, reason_code, reason_message, failed_at)
                SELECT o, r, a, ap, NULLIF(u, ''), e, sk, sv, et, t, NULLIF(m, ''), rc, i, c, msg, f
                FROM unnest(\(s.bind(letters.map(\.queued.organizationID)))::text[], \(s.bind(letters.map(\.queued.route.rawValue)))::text[],
                    \(s.bind(letters.map(\.queued.appID)))::text[], \(s.bind(letters.map(\.queued.app)))::text[],
                    \(s.bind(letters.map { $0.queued.unitID ?? "" }))::text[], \(s.bind(events.map(\.id)))::text[],
                    \(s.bind(events.map(\.subject.stored.kind)))::text[], \(s.bind(events.map(\.subject.stored.value)))::text[],
                    \(s.bind(events.map(\.eventType)))::text[], \(s.bind(events.map(\.timestamp)))::int8[],
                    \(s.bind(events.map { $0.metadata ?? "" }))::text[], \(s.bind(letters.map(\.queued.receivedAt)))::int8[],
                    \(s.bind(letters.map(\.id)))::text[], \(s.bind(letters.map(\.reason.code)))::text[],
                    \(s.bind(letters.map(\.reason.message)))::text[], \(s.bind(letters.map(\.failedAt)))::int8[])
                    AS x(o, r, a, ap, u, e, sk, sv, et, t, m, rc, i, c, msg, f)
                ON CONFLICT (organization_id, id) DO UPDATE SET reason_code = excluded.reason_code,
                    reason_message = excluded.reason_message, failed_at = excluded.failed_at
                """
            }
        }
        if !writes.resolvedDeadLetters.isEmpty {
            let resolved = Array(writes.resolvedDeadLetters)
            statements.append { s in
                """
                DELETE FROM dead_letters d USING unnest(\(s.bind(resolved.map(\.value)))::text[], \(s.bind(resolved.map(\.key)))::text[]) AS x(o, i)
                WHERE d.organization_id = x.o AND d.id = x.i
                """
            }
        }
        return statements
    }
}

extension PostgresLeadStep {
    /// The reads of a step.
    enum Read {
        /// A partition with queued events that no other instance holds, tried from offset `$1` on.
        enum Partition: PreparedSQL {
            static let sql = """
                SELECT partition FROM lead_partitions p
                WHERE EXISTS (SELECT 1 FROM lead_queue q WHERE q.partition = p.partition)
                    OR EXISTS (SELECT 1 FROM lead_event_batches b WHERE b.partition = p.partition)
                ORDER BY (partition + $1::int8) % 16 LIMIT 1 FOR UPDATE SKIP LOCKED
                """
        }

        enum Queued: PreparedSQL {
            static let sql = """
                SELECT seq, \(PostgresLeadQueue.columns), dead_letter_id FROM lead_queue
                WHERE partition = $1::int2 ORDER BY seq LIMIT $2::int8
                """
        }

        enum Batches: PreparedSQL {
            static let sql = "SELECT seq, organization_id, event_seqs FROM lead_event_batches WHERE partition = $1::int2 ORDER BY seq LIMIT $2::int8"
        }

        enum Events: PreparedSQL {
            static let sql = """
                SELECT e.* FROM unnest($1::text[], $2::int8[], $3::int8[], $4::bool[]) AS x(o, f, l, m)
                CROSS JOIN LATERAL (
                    SELECT seq, id, organization_id, app_id, app, worker_id, event_type, timestamp, CASE WHEN x.m THEN metadata END,
                        received_at FROM events
                    WHERE organization_id = x.o AND seq BETWEEN x.f AND x.l OFFSET 0) e
                """
        }

        enum Rulesets: PreparedSQL {
            static let sql = "SELECT \(PostgresStore.rulesetColumns) FROM rulesets WHERE organization_id = ANY($1::text[])"
        }

        enum Progress: PreparedSQL {
            static let sql = """
                SELECT s.organization_id, s.worker_id, s.ruleset_id, s.progress FROM lead_scores s
                JOIN unnest($1::text[], $2::text[]) AS x(o, w) ON s.organization_id = x.o AND s.worker_id = x.w
                """
        }
    }
}
