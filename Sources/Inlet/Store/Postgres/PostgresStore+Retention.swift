import PostgresNIO

extension PostgresStore {
    func retentionPolicies() async throws -> [RetentionPolicy] {
        try await withSession { session in
            try await session.query(
                """
                SELECT id, NULL::text, retention_days FROM organizations WHERE retention_days IS NOT NULL
                UNION ALL SELECT organization_id, id, retention_days FROM streams WHERE retention_days IS NOT NULL
                """
            ).map { row in
                let (organizationID, streamID, days) = try row.decode((String, String?, Int).self)
                return RetentionPolicy(organizationID: organizationID, streamID: streamID, days: days)
            }
        }
    }

    /// Each step is one statement that finds its rows by an index led by the
    /// organization and deletes them by primary key, counting them there.
    func purge(_ kind: RetainedKind, of policy: RetentionPolicy, before cutoff: Int64, limit: Int) async throws -> Int {
        let organizationID = policy.organizationID
        let query: PostgresQuery =
            switch kind {
            case .events:
                """
                WITH deleted AS (DELETE FROM events WHERE organization_id = \(organizationID) AND seq IN (
                    SELECT seq FROM events WHERE organization_id = \(organizationID) AND timestamp < \(cutoff) ORDER BY timestamp LIMIT \(limit))
                RETURNING 1)
                SELECT count(*) FROM deleted
                """
            case .snapshots:
                """
                WITH deleted AS (DELETE FROM snapshots WHERE organization_id = \(organizationID) AND seq IN (
                    SELECT seq FROM snapshots WHERE organization_id = \(organizationID) AND replaced_at IS NOT NULL AND timestamp < \(cutoff)
                    LIMIT \(limit))
                RETURNING 1)
                SELECT count(*) FROM deleted
                """
            case .deadLetters:
                """
                WITH deleted AS (DELETE FROM dead_letters WHERE organization_id = \(organizationID) AND seq IN (
                    SELECT seq FROM dead_letters WHERE organization_id = \(organizationID) AND failed_at < \(cutoff) LIMIT \(limit))
                RETURNING 1)
                SELECT count(*) FROM deleted
                """
            case .streamItems:
                """
                WITH deleted AS (DELETE FROM stream_items WHERE organization_id = \(organizationID) AND stream_id = \(policy.streamID) AND id IN (
                    SELECT id FROM stream_items WHERE organization_id = \(organizationID) AND stream_id = \(policy.streamID)
                        AND updated_at < \(cutoff) LIMIT \(limit))
                RETURNING 1)
                SELECT count(*) FROM deleted
                """
            }
        return try await withSession { session in try await session.query(query).first?.decode(Int.self) ?? 0 }
    }
}
