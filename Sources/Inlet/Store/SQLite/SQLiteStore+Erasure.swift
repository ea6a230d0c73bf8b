import GRDB

extension SQLiteStore {
    func erase(_ subject: ErasureSubject, organizationID: String, id: String, at time: Int64) async throws -> Erasure? {
        try await write { db in
            guard let workerID = try Self.worker(subject, organizationID: organizationID, db) else { return nil }
            let identifiers = try Row.fetchAll(
                db,
                sql: "SELECT kind, scope, value FROM worker_identifiers WHERE worker_id = ? AND organization_id = ?",
                arguments: [workerID, organizationID]
            ).compactMap { row in WorkerIdentifier.Kind(rawValue: row[0]).map { WorkerIdentifier(kind: $0, scope: row[1], value: row[2]) } }
            var deleted = ErasedRows()
            deleted.events = try Self.eraseEvents(of: workerID, organizationID: organizationID, db)
            func delete(_ sql: String, _ arguments: StatementArguments) throws -> Int {
                try db.execute(sql: sql, arguments: arguments)
                return db.changesCount
            }
            let person: StatementArguments = [workerID, organizationID]
            deleted.snapshots = try delete("DELETE FROM snapshots WHERE worker_id = ? AND organization_id = ?", person)
            deleted.identifiers = try delete("DELETE FROM worker_identifiers WHERE worker_id = ? AND organization_id = ?", person)
            deleted.scores = try delete("DELETE FROM lead_scores WHERE worker_id = ? AND organization_id = ?", person)
            deleted.milestones = try delete("DELETE FROM lead_milestones WHERE worker_id = ? AND organization_id = ?", person)
            _ = try delete("DELETE FROM client_event_ids WHERE worker_id = ?", [workerID])
            _ = try delete("DELETE FROM workers WHERE id = ? AND organization_id = ?", person)
            let subjects = [("worker", workerID), ("lead", workerID)] + identifiers.compactMap(\.leadSubject)
            for (kind, value) in subjects {
                let named: StatementArguments = [organizationID, kind, value]
                deleted.queued += try delete("DELETE FROM lead_queue WHERE organization_id = ? AND subject_kind = ? AND subject = ?", named)
                deleted.deadLetters += try delete("DELETE FROM dead_letters WHERE organization_id = ? AND subject_kind = ? AND subject = ?", named)
            }
            let erasure = Erasure(id: id, organizationID: organizationID, erasedAt: time, deleted: deleted)
            try db.execute(
                sql: """
                    INSERT INTO erasures (organization_id, id, erased_at, events, snapshots, identifiers, scores, milestones, queued, dead_letters)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    organizationID, id, time, deleted.events, deleted.snapshots, deleted.identifiers, deleted.scores, deleted.milestones,
                    deleted.queued, deleted.deadLetters,
                ]
            )
            return erasure
        }
    }

    func erasures(organizationID: String, after cursor: String?, limit: Int) async throws -> [Erasure] {
        try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT id, erased_at, events, snapshots, identifiers, scores, milestones, queued, dead_letters FROM erasures
                    WHERE organization_id = ? AND id < ? ORDER BY id DESC LIMIT ?
                    """,
                arguments: [organizationID, cursor ?? "\u{10FFFF}", limit]
            ).map { row in
                Erasure(
                    id: row[0],
                    organizationID: organizationID,
                    erasedAt: row[1],
                    deleted: ErasedRows(
                        events: row[2],
                        snapshots: row[3],
                        identifiers: row[4],
                        scores: row[5],
                        milestones: row[6],
                        queued: row[7],
                        deadLetters: row[8]
                    )
                )
            }
        }
    }

    /// The id of the person `subject` names, if they exist.
    private static func worker(_ subject: ErasureSubject, organizationID: String, _ db: Database) throws -> String? {
        switch subject {
        case .worker(let id):
            try String.fetchOne(db, sql: "SELECT id FROM workers WHERE id = ? AND organization_id = ?", arguments: [id, organizationID])
        case .identifier(let identifier):
            try String.fetchOne(
                db,
                sql: "SELECT worker_id FROM worker_identifiers WHERE organization_id = ? AND kind = ? AND scope = ? AND value = ?",
                arguments: [organizationID, identifier.kind.rawValue, identifier.scope, identifier.value]
            )
        }
    }

    /// Deletes a person's events and their webhook deliveries, keeping the newest sequence taken.
    private static func eraseEvents(of workerID: String, organizationID: String, _ db: Database) throws -> Int {
        let newest = try newestEvent(db)
        try db.execute(
            sql: """
                DELETE FROM webhook_deliveries WHERE organization_id = ?
                    AND event_seq IN (SELECT seq FROM events WHERE worker_id = ? AND organization_id = ?)
                """,
            arguments: [organizationID, workerID, organizationID]
        )
        try db.execute(sql: "DELETE FROM events WHERE worker_id = ? AND organization_id = ?", arguments: [workerID, organizationID])
        let count = db.changesCount
        if count > 0 { try keepSequence(of: newest, db) }
        return count
    }
}
