import PostgresNIO

extension PostgresStore: RateCounterStore {
    func exchange(_ counts: [RateLimiter.Count], instanceID: String, since: Int64) async throws -> [RateLimiter.Count] {
        guard !counts.isEmpty else { return [] }
        return try await withSession { session in
            try await session.query(
                """
                WITH written AS (
                    INSERT INTO rate_counts (organization_id, budget, instance_id, second, received, admitted)
                    SELECT o, b, \(instanceID), s, r, a
                    FROM unnest(\(counts.map(\.budget.organizationID))::text[], \(counts.map(\.budget.name))::text[],
                        \(counts.map(\.second))::int8[], \(counts.map(\.tally.received))::int8[], \(counts.map(\.tally.admitted))::int8[])
                        AS x(o, b, s, r, a)
                    ON CONFLICT (organization_id, budget, instance_id, second)
                    DO UPDATE SET received = excluded.received, admitted = excluded.admitted)
                SELECT c.organization_id, c.budget, c.second, sum(c.received)::int8, sum(c.admitted)::int8 FROM rate_counts c
                JOIN (SELECT DISTINCT o, b FROM unnest(\(counts.map(\.budget.organizationID))::text[], \(counts.map(\.budget.name))::text[])
                    AS y(o, b)) y ON c.organization_id = y.o AND c.budget = y.b
                WHERE c.instance_id <> \(instanceID) AND c.second >= \(since)
                GROUP BY c.organization_id, c.budget, c.second
                """
            ).map { row in
                let (organizationID, name, second, received, admitted) = try row.decode((String, String, Int64, Int, Int).self)
                return RateLimiter.Count(
                    budget: .init(organizationID: organizationID, name: name),
                    second: second,
                    tally: .init(received: received, admitted: admitted)
                )
            }
        }
    }

    func heartbeat(instanceID: String, second: Int64, since: Int64) async throws -> Int {
        try await withSession { session in
            try await session.query(
                """
                INSERT INTO rate_instances (instance_id, second) VALUES (\(instanceID), \(second))
                ON CONFLICT (instance_id) DO UPDATE SET second = excluded.second
                RETURNING (SELECT count(*) FROM rate_instances WHERE second >= \(since) AND instance_id <> \(instanceID))
                """
            ).first?.decode(Int.self) ?? 0
        }
    }

    func deleteRateCounts(before second: Int64) async throws {
        try await withSession { session in
            try await session.query("DELETE FROM rate_counts WHERE second < \(second)")
            try await session.query("DELETE FROM rate_instances WHERE second < \(second)")
        }
    }
}
