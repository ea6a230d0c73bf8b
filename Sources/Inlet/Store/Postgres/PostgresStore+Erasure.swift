import PostgresNIO

extension PostgresStore {
    /// One transaction: the organization's erasure lock, taken exclusively,
    /// waits for the group commits that read its people and holds off those
    /// that would (``PostgresGroupCommit/guardPeople(_:)``); its lead
    /// partition, locked, waits for a lead step in progress and holds off the
    /// next. Then every statement reads what committed before.
    func erase(_ subject: ErasureSubject, organizationID: String, id: String, at time: Int64) async throws -> Erasure? {
        try await withSession { session in
            try await session.transaction {
                try await session.query("SELECT pg_advisory_xact_lock(inlet_erasure_lock(\(organizationID)))")
                try await session.query("SELECT 1 FROM lead_partitions WHERE partition = inlet_lead_partition(\(organizationID)) FOR UPDATE")
                guard let workerID = try await Self.worker(subject, organizationID: organizationID, session) else { return nil }
                let identifiers = try await session.query(
                    "SELECT kind, scope, value FROM worker_identifiers WHERE organization_id = \(organizationID) AND worker_id = \(workerID)"
                ).compactMap { row in
                    let (kind, scope, value) = try row.decode((String, String, String).self)
                    return WorkerIdentifier.Kind(rawValue: kind).map { WorkerIdentifier(kind: $0, scope: scope, value: value) }
                }
                let subjects = [("worker", workerID), ("lead", workerID)] + identifiers.compactMap(\.leadSubject)
                let deleted = try await Self.deleteRows(of: workerID, named: subjects, organizationID: organizationID, session)
                try await session.query(
                    """
                    INSERT INTO erasures (organization_id, id, erased_at, events, snapshots, identifiers, scores, milestones, queued, dead_letters)
                    VALUES (\(organizationID), \(id), \(time), \(deleted.events), \(deleted.snapshots), \(deleted.identifiers), \(deleted.scores),
                        \(deleted.milestones), \(deleted.queued), \(deleted.deadLetters))
                    """
                )
                return Erasure(id: id, organizationID: organizationID, erasedAt: time, deleted: deleted)
            }
        }
    }

    func erasures(organizationID: String, after cursor: String?, limit: Int) async throws -> [Erasure] {
        try await withSession { session in
            try await session.query(
                """
                SELECT id, erased_at, events, snapshots, identifiers, scores, milestones, queued, dead_letters FROM erasures
                WHERE organization_id = \(organizationID) AND (\(cursor)::text IS NULL OR id < \(cursor)) ORDER BY id DESC LIMIT \(limit)
                """
            ).map { row in
                let (id, erasedAt, events, snapshots, identifiers, scores, milestones, queued, deadLetters) = try row.decode(
                    (String, Int64, Int, Int, Int, Int, Int, Int, Int).self
                )
                return Erasure(
                    id: id,
                    organizationID: organizationID,
                    erasedAt: erasedAt,
                    deleted: ErasedRows(
                        events: events,
                        snapshots: snapshots,
                        identifiers: identifiers,
                        scores: scores,
                        milestones: milestones,
                        queued: queued,
                        deadLetters: deadLetters
                    )
                )
            }
        }
    }

    /// The id of the person `subject` names, if they exist.
    private static func worker(_ subject: ErasureSubject, organizationID: String, _ session: PostgresSession) async throws -> String? {
        switch subject {
        case .worker(let id):
            try await session.query("SELECT id FROM workers WHERE organization_id = \(organizationID) AND id = \(id)").first?.decode(String.self)
        case .identifier(let identifier):
            try await session.query(
                """
                SELECT worker_id FROM worker_identifiers WHERE organization_id = \(organizationID) AND kind = \(identifier.kind.rawValue)
                    AND scope = \(identifier.scope) AND value = \(identifier.value)
                """
            ).first?.decode(String.self)
        }
    }

    /// Deletes a person's rows, and the queued lead events and dead letters
    /// that name them by one of `subjects`, as one statement; the rows
    /// deleted by kind.
    private static func deleteRows(
        of workerID: String,
        named subjects: [(kind: String, value: String)],
        organizationID: String,
        _ session: PostgresSession
    ) async throws -> ErasedRows {
        func person(_ table: String, _ worker: String = "worker_id") -> PostgresStatement.Write {
            { s in "DELETE FROM \(table) WHERE organization_id = \(s.bind(organizationID)) AND \(worker) = \(s.bind(workerID))" }
        }
        func named(_ table: String) -> PostgresStatement.Write {
            { s in
                """
                DELETE FROM \(table) t USING unnest(\(s.bind(subjects.map(\.kind)))::text[], \(s.bind(subjects.map(\.value)))::text[]) AS x(k, v)
                WHERE t.organization_id = \(s.bind(organizationID)) AND t.subject_kind = x.k AND t.subject = x.v
                """
            }
        }
        // Every clause sees the events as they were before the statement, so the
        // last one still finds the deliveries of the events the first deletes.
        let deliveries: PostgresStatement.Write = { s in
            """
            DELETE FROM webhook_deliveries d USING events e
            WHERE e.organization_id = \(s.bind(organizationID)) AND e.worker_id = \(s.bind(workerID))
                AND d.organization_id = e.organization_id AND d.event_seq = e.seq
            """
        }
        let writes = [
            person("events"), person("snapshots"), person("worker_identifiers"), person("lead_scores"), person("lead_milestones"),
            named("lead_queue"), named("dead_letters"), person("client_event_ids"), person("workers", "id"), deliveries,
        ]
        guard let row = try await session.query(PostgresStatement.chained(writes)).first else { return ErasedRows() }
        let counts = try row.decode((Int, Int, Int, Int, Int, Int, Int, Int, Int, Int).self)
        return ErasedRows(
            events: counts.0,
            snapshots: counts.1,
            identifiers: counts.2,
            scores: counts.3,
            milestones: counts.4,
            queued: counts.5,
            deadLetters: counts.6
        )
    }
}
