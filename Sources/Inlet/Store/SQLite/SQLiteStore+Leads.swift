import GRDB

extension SQLiteStore {
    /// Steps of at most this many events of each kind: the writer's turn
    /// takes as many as `limit` allows (ingest commits as much at once), in
    /// steps small enough to keep the batch in memory small.
    static let leadStepSize = 5_000

    func processQueuedEvents(
        limit: Int,
        deciding decide: @escaping @Sendable (LeadBatch) -> LeadWrites
    ) async throws
        -> ProcessedEvents?
    {
        // Asked first on a reader, so an empty queue never takes the writer from ingest.
        let pending = try await pool.read { db in
            try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM lead_queue) OR EXISTS (SELECT 1 FROM lead_event_ranges)") ?? false
        }
        guard pending else { return nil }
        return try await pool.writeWithoutTransaction { db in
            var processed: ProcessedEvents?
            try db.inTransaction(.immediate) {
                let step = SQLiteLeadStep(db: db)
                var taking = limit
                // Each step reads what the previous one wrote, in the same transaction.
                while taking > 0, let (batch, taken) = try step.fetch(limit: min(taking, Self.leadStepSize)) {
                    let decided = decide(batch)
                    try step.apply(decided)
                    try step.remove(taken)
                    processed = processed ?? ProcessedEvents()
                    processed?.add(decided)
                    guard taken.isFull else { break }
                    taking -= Self.leadStepSize
                }
                return .commit
            }
            return processed
        }
    }

    func leadQueueStatus() async throws -> LeadQueueStatus {
        try await pool.read { db in
            let queued = try Int.fetchOne(db, sql: "SELECT count(*) FROM lead_queue") ?? 0
            let scored = try Int.fetchOne(db, sql: "SELECT coalesce(sum(last_event - first_event + 1), 0) FROM lead_event_ranges") ?? 0
            let oldest = try Int64.fetchOne(
                db,
                sql: """
                    SELECT min(received_at) FROM (
                        SELECT * FROM (SELECT received_at FROM lead_queue ORDER BY seq LIMIT 1)
                        UNION ALL SELECT * FROM (SELECT received_at FROM lead_event_ranges ORDER BY seq LIMIT 1))
                    """
            )
            return LeadQueueStatus(events: queued + scored, oldestReceivedAt: oldest)
        }
    }

    func workerID(with key: IdentifierKey) async throws -> String? {
        try await pool.read { db in
            try String.fetchOne(
                db,
                sql: "SELECT worker_id FROM worker_identifiers WHERE organization_id = ? AND kind = ? AND scope = ? AND value = ?",
                arguments: [key.organizationID, key.identifier.kind.rawValue, key.identifier.scope, key.identifier.value]
            )
        }
    }

    func milestones(workerIDs: [String], organizationID: String) async throws -> [String: [MilestoneRecord]] {
        guard !workerIDs.isEmpty else { return [:] }
        return try await pool.read { db in
            var byWorker: [String: [MilestoneRecord]] = [:]
            for row in try SQLRequest<Row>(
                literal: """
                    SELECT worker_id, name, ruleset_id, reached_at FROM lead_milestones
                    WHERE organization_id = \(organizationID) AND worker_id IN \(workerIDs) ORDER BY reached_at, name
                    """
            ).fetchAll(db) {
                byWorker[row[0], default: []].append(MilestoneRecord(name: row[1], rulesetID: row[2], reachedAt: row[3]))
            }
            return byWorker
        }
    }

    func deadLetters(_ query: DeadLetterQuery) async throws -> [StoredDeadLetter] {
        var conditions = ["organization_id = ?"]
        var arguments: StatementArguments = [query.organizationID]
        if let code = query.reasonCode {
            conditions.append("reason_code = ?")
            _ = arguments.append(contentsOf: [code])
        }
        if let before = query.before {
            conditions.append("seq < ?")
            _ = arguments.append(contentsOf: [before])
        }
        if let since = query.failedSince {
            conditions.append("failed_at >= ?")
            _ = arguments.append(contentsOf: [since])
        }
        _ = arguments.append(contentsOf: [query.limit])
        let sql =
            "SELECT \(SQLiteLeadQueue.deadLetterColumns) FROM dead_letters WHERE \(conditions.joined(separator: " AND ")) ORDER BY seq DESC LIMIT ?"
        let statementArguments = arguments
        return try await pool.read { db in
            try Row.fetchAll(db, sql: sql, arguments: statementArguments).map(SQLiteLeadQueue.deadLetter)
        }
    }

    func replayDeadLetter(_ id: String, organizationID: String) async throws -> Bool {
        try await pool.write { db in
            guard
                try Bool.fetchOne(db, sql: "SELECT 1 FROM dead_letters WHERE id = ? AND organization_id = ?", arguments: [id, organizationID])
                    ?? false
            else { return false }
            try db.execute(
                sql: """
                    INSERT INTO lead_queue (\(SQLiteLeadQueue.columns), dead_letter_id)
                    SELECT \(SQLiteLeadQueue.columns), id FROM dead_letters WHERE id = ?
                    ON CONFLICT DO NOTHING
                    """,
                arguments: [id]
            )
            return true
        }
    }

    func setActiveUnit(_ unitID: String, keyID: String, organizationID: String) async throws {
        try await pool.write { db in
            try db.execute(
                sql: "UPDATE app_keys SET active_unit_id = ? WHERE id = ? AND organization_id = ?",
                arguments: [unitID, keyID, organizationID]
            )
        }
    }
}
