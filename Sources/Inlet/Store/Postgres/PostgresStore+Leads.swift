import PostgresNIO

extension PostgresStore {
    func processQueuedEvents(
        limit: Int,
        deciding decide: @escaping @Sendable (LeadBatch) -> LeadWrites
    ) async throws
        -> ProcessedEvents?
    {
        let offset = Int.random(in: 0..<16)
        var attempt = 1
        while true {
            do {
                return try await withSession { session in
                    try await session.transaction {
                        let step = PostgresLeadStep(session: session)
                        guard let (batch, taken) = try await step.fetch(from: offset, limit: limit) else { return nil }
                        let writes = decide(batch)
                        try await step.apply(writes, removing: taken)
                        var processed = ProcessedEvents()
                        processed.add(writes)
                        return processed
                    }
                }
            } catch let error where Self.isConflict(error) && attempt < Self.conflictRetries {
                logger.debug("Lead processing conflicted; retrying", metadata: ["attempt": "\(attempt)"])
                attempt += 1
            }
        }
    }

    func leadQueueStatus() async throws -> LeadQueueStatus {
        try await withSession { session in
            let row = try await session.query(
                """
                SELECT (SELECT count(*) FROM lead_queue) + (SELECT coalesce(sum(cardinality(event_seqs)), 0) FROM lead_event_batches),
                    least((SELECT received_at FROM lead_queue ORDER BY seq LIMIT 1), (SELECT received_at FROM lead_event_batches ORDER BY seq LIMIT 1))
                """
            ).first
            let (events, oldest) = try row?.decode((Int, Int64?).self) ?? (0, nil)
            return LeadQueueStatus(events: events, oldestReceivedAt: oldest)
        }
    }

    func workerID(with key: IdentifierKey) async throws -> String? {
        try await withSession { session in
            try await session.query(
                """
                SELECT worker_id FROM worker_identifiers WHERE organization_id = \(key.organizationID)
                AND kind = \(key.identifier.kind.rawValue) AND scope = \(key.identifier.scope) AND value = \(key.identifier.value)
                """
            ).first?.decode(String.self)
        }
    }

    func milestones(workerIDs: [String], organizationID: String) async throws -> [String: [MilestoneRecord]] {
        guard !workerIDs.isEmpty else { return [:] }
        return try await withSession { session in
            var byWorker: [String: [MilestoneRecord]] = [:]
            for row in try await session.query(
                """
                SELECT worker_id, name, ruleset_id, reached_at FROM lead_milestones
                WHERE organization_id = \(organizationID) AND worker_id = ANY(\(workerIDs)::text[])
                ORDER BY reached_at, name
                """
            ) {
                let (workerID, name, rulesetID, reachedAt) = try row.decode((String, String, String, Int64).self)
                byWorker[workerID, default: []].append(MilestoneRecord(name: name, rulesetID: rulesetID, reachedAt: reachedAt))
            }
            return byWorker
        }
    }

    func deadLetters(_ query: DeadLetterQuery) async throws -> [StoredDeadLetter] {
        try await withSession { session in
            try await session.query(
                """
                SELECT \(unescaped: PostgresLeadQueue.deadLetterColumns) FROM dead_letters
                WHERE organization_id = \(query.organizationID) AND (\(query.reasonCode)::text IS NULL OR reason_code = \(query.reasonCode))
                    AND seq < \(query.before ?? Int64.max) AND failed_at >= \(query.failedSince ?? Int64.min)
                ORDER BY seq DESC LIMIT \(query.limit)
                """
            ).map(PostgresLeadQueue.deadLetter)
        }
    }

    func replayDeadLetter(_ id: String, organizationID: String) async throws -> Bool {
        try await withSession { session in
            try await session.transaction {
                guard try await !session.query("SELECT 1 FROM dead_letters WHERE organization_id = \(organizationID) AND id = \(id)").isEmpty
                else { return false }
                try await session.query(
                    """
                    INSERT INTO lead_queue (partition, \(unescaped: PostgresLeadQueue.columns), dead_letter_id)
                    SELECT inlet_lead_partition(organization_id), \(unescaped: PostgresLeadQueue.columns), id FROM dead_letters
                    WHERE organization_id = \(organizationID) AND id = \(id)
                    ON CONFLICT DO NOTHING
                    """
                )
                return true
            }
        }
    }

    func setActiveUnit(_ unitID: String, keyID: String, organizationID: String) async throws {
        try await withSession { session in
            try await session.query(
                "UPDATE app_keys SET active_unit_id = \(unitID) WHERE organization_id = \(organizationID) AND id = \(keyID)"
            )
        }
    }
}
