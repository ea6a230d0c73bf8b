import GRDB

/// A step of the lead processor on SQLite's single writer: reads a batch and
/// applies its writes inside one transaction, so nothing it read can change
/// before it writes.
struct SQLiteLeadStep {
    let db: Database

    /// The oldest queued events, at most `limit`, with what deciding them needs; nil when none is queued.
    func fetch(limit: Int) throws -> LeadBatch? {
        let rows = try Row.fetchAll(
            db, sql: "SELECT seq, \(SQLiteLeadQueue.columns), dead_letter_id FROM lead_queue ORDER BY seq LIMIT ?", arguments: [limit])
        guard !rows.isEmpty else { return nil }
        var batch = LeadBatch(events: try rows.map { try SQLiteLeadQueue.queued($0, deadLetterID: $0["dead_letter_id"]) })
        let lookup = batch.lookup
        for organizationID in lookup.organizations {
            batch.rulesets[organizationID] = try Row.fetchAll(
                db, sql: "SELECT * FROM rulesets WHERE organization_id = ? ORDER BY id", arguments: [organizationID]
            ).map(SQLiteStore.ruleset)
        }
        let people = SQLiteGroupCommit(db: db)
        batch.leads = try people.existing(lookup.leads)
        batch.aliases = try people.owners(of: lookup.aliases)
        let progress = try db.cachedStatement(sql: "SELECT ruleset_id, progress FROM lead_scores WHERE organization_id = ? AND worker_id = ?")
        for worker in batch.knownWorkers {
            for row in try Row.fetchAll(progress, arguments: [worker.organizationID, worker.workerID]) {
                let key = ScoreKey(organizationID: worker.organizationID, workerID: worker.workerID, rulesetID: row[0])
                batch.progress[key] = try ScoreProgress(stored: row[1])
            }
        }
        return batch
    }

    func apply(_ writes: LeadWrites) throws {
        let lead = try db.cachedStatement(sql: "INSERT INTO workers (id, organization_id, app_id, unit_id, created_at) VALUES (?, ?, ?, ?, ?)")
        for new in writes.leads {
            try lead.execute(arguments: [new.key.workerID, new.key.organizationID, new.appID, new.unitID, new.createdAt])
        }
        let group = SQLiteGroupCommit(db: db)
        try group.attach(writes.identifiers)
        for event in writes.events { try group.insert(event) }
        let progress = try db.cachedStatement(
            sql: """
                INSERT INTO lead_scores (organization_id, worker_id, ruleset_id, progress, updated_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (organization_id, worker_id, ruleset_id) DO UPDATE SET progress = excluded.progress, updated_at = excluded.updated_at
                """)
        for (key, value) in writes.progress {
            try progress.execute(arguments: [key.organizationID, key.workerID, key.rulesetID, value.stored, writes.decidedAt])
        }
        let milestone = try db.cachedStatement(
            sql: """
                INSERT INTO lead_milestones (organization_id, worker_id, ruleset_id, name, reached_at, event_id) VALUES (?, ?, ?, ?, ?, ?)
                """)
        for reached in writes.milestones {
            try milestone.execute(arguments: [
                reached.key.organizationID, reached.key.workerID, reached.key.rulesetID, reached.name, reached.reachedAt, reached.eventID,
            ])
        }
        let deadLetter = try db.cachedStatement(
            sql: """
                INSERT INTO dead_letters (\(SQLiteLeadQueue.columns), id, reason_code, reason_message, failed_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET reason_code = excluded.reason_code, reason_message = excluded.reason_message,
                    failed_at = excluded.failed_at
                """)
        for letter in writes.deadLetters {
            var arguments = SQLiteLeadQueue.arguments(letter.queued)
            _ = arguments.append(contentsOf: [letter.id, letter.reason.code, letter.reason.message, letter.failedAt])
            try deadLetter.execute(arguments: arguments)
        }
        let resolved = try db.cachedStatement(sql: "DELETE FROM dead_letters WHERE id = ? AND organization_id = ?")
        for (id, organizationID) in writes.resolvedDeadLetters { try resolved.execute(arguments: [id, organizationID]) }
        // The step took the oldest events in this transaction: exactly those up to its last.
        if let last = writes.processed.max() {
            try db.execute(sql: "DELETE FROM lead_queue WHERE seq <= ?", arguments: [last])
        }
    }
}
