import GRDB

/// A step of the lead processor on SQLite's single writer: reads a batch and
/// applies its writes inside one transaction, so nothing it read can change
/// before it writes.
struct SQLiteLeadStep {
    let db: Database

    /// What a step took, to be removed with its writes: the lead events
    /// queued up to a sequence, and group commits' ranges of events, the
    /// last perhaps in part.
    struct Taken {
        var lastQueued: Int64?
        var ranges: [Int64] = []
        /// A range taken in part, and the first of its events left.
        var partial: (range: Int64, firstLeft: Int64)?
        /// Whether the step took as many of either kind as it could.
        var isFull = false
    }

    /// The oldest queued lead events and the oldest events of group commits,
    /// at most `limit` of each, with what deciding them needs; nil when none
    /// is queued.
    func fetch(limit: Int) throws -> (batch: LeadBatch, taken: Taken)? {
        let rows = try Row.fetchAll(
            db,
            sql: "SELECT seq, \(SQLiteLeadQueue.columns), dead_letter_id FROM lead_queue ORDER BY seq LIMIT ?",
            arguments: [limit]
        )
        var events = try rows.map { try SQLiteLeadQueue.queued($0, replaying: true) }
        var taken = Taken(lastQueued: events.last?.sequence)
        var budget = limit
        let ranges = try Row.fetchAll(db, sql: "SELECT seq, first_event, last_event FROM lead_event_ranges ORDER BY seq LIMIT ?", arguments: [limit])
        let scored = try db.cachedStatement(
            sql: """
                SELECT seq, id, organization_id, app_id, app, worker_id, event_type, timestamp, metadata, received_at FROM events
                WHERE seq BETWEEN ? AND ? AND organization_id <> '' ORDER BY seq LIMIT ?
                """
        )
        for range in ranges where budget > 0 {
            let (seq, first, last): (Int64, Int64, Int64) = (range[0], range[1], range[2])
            let rows = try Row.fetchCursor(scored, arguments: [first, last, budget])
            var read = 0
            var lastRead = first - 1
            while let row = try rows.next() {
                read += 1
                lastRead = row[0]
                events.append(SQLiteLeadQueue.scored(row))
            }
            if read < budget || lastRead == last {
                taken.ranges.append(seq)
            } else {
                taken.partial = (seq, lastRead + 1)
            }
            budget -= read
        }
        guard taken.lastQueued != nil || !taken.ranges.isEmpty || taken.partial != nil else { return nil }
        taken.isFull = rows.count == limit || budget == 0
        var batch = LeadBatch(events: events)
        let lookup = batch.lookup
        for organizationID in lookup.organizations {
            batch.rulesets[organizationID] = try Row.fetchAll(
                db,
                sql: "SELECT * FROM rulesets WHERE organization_id = ? ORDER BY id",
                arguments: [organizationID]
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
        return (batch, taken)
    }

    /// Removes what the step took from the queue.
    func remove(_ taken: Taken) throws {
        // The step took the oldest lead events in this transaction: exactly those up to its last.
        if let last = taken.lastQueued {
            try db.execute(sql: "DELETE FROM lead_queue WHERE seq <= ?", arguments: [last])
        }
        let range = try db.cachedStatement(sql: "DELETE FROM lead_event_ranges WHERE seq = ?")
        for seq in taken.ranges { try range.execute(arguments: [seq]) }
        if let (seq, firstLeft) = taken.partial {
            try db.execute(sql: "UPDATE lead_event_ranges SET first_event = ? WHERE seq = ?", arguments: [firstLeft, seq])
        }
    }

    func apply(_ writes: LeadWrites) throws {
        let lead = try db.cachedStatement(sql: "INSERT INTO workers (id, organization_id, app_id, unit_id, created_at) VALUES (?, ?, ?, ?, ?)")
        for new in writes.leads {
            try lead.execute(arguments: [new.key.workerID, new.key.organizationID, new.appID, new.unitID, new.createdAt])
        }
        let group = SQLiteGroupCommit(db: db)
        try group.attach(writes.identifiers)
        var stored: [(sequence: Int64, event: StoredEvent)] = []
        for event in writes.events {
            try group.insert(event)
            stored.append((db.lastInsertedRowID, event))
        }
        try group.recordDeliveries(of: stored, at: writes.decidedAt)
        let progress = try db.cachedStatement(
            sql: """
                INSERT INTO lead_scores (organization_id, worker_id, ruleset_id, progress, updated_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (organization_id, worker_id, ruleset_id) DO UPDATE SET progress = excluded.progress, updated_at = excluded.updated_at
                """
        )
        for (key, value) in writes.progress {
            try progress.execute(arguments: [key.organizationID, key.workerID, key.rulesetID, value.stored, writes.decidedAt])
        }
        let milestone = try db.cachedStatement(
            sql: """
                INSERT INTO lead_milestones (organization_id, worker_id, ruleset_id, name, reached_at, event_id) VALUES (?, ?, ?, ?, ?, ?)
                """
        )
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
                """
        )
        for letter in writes.deadLetters {
            var arguments = SQLiteLeadQueue.arguments(letter.queued)
            _ = arguments.append(contentsOf: [letter.id, letter.reason.code, letter.reason.message, letter.failedAt])
            try deadLetter.execute(arguments: arguments)
        }
        let resolved = try db.cachedStatement(sql: "DELETE FROM dead_letters WHERE id = ? AND organization_id = ?")
        for (id, organizationID) in writes.resolvedDeadLetters { try resolved.execute(arguments: [id, organizationID]) }
    }
}
