import PostgresNIO

extension PostgresStore {
    func insert(_ endpoint: WebhookEndpoint) async throws {
        try await withSession { session in
            try await session.query(
                """
                INSERT INTO webhook_endpoints (organization_id, id, url, event_types, description, active, secret, created_at)
                VALUES (\(endpoint.organizationID), \(endpoint.id), \(endpoint.url), \(endpoint.eventTypes), \(endpoint.description),
                    \(endpoint.active), \(endpoint.secret), \(endpoint.createdAt))
                """
            )
        }
    }

    func webhookEndpoints(organizationID: String) async throws -> [WebhookEndpoint] {
        try await withSession { session in
            try await session.query(
                """
                SELECT \(unescaped: Self.endpointColumns) FROM webhook_endpoints WHERE organization_id = \(organizationID)
                ORDER BY created_at, id
                """
            ).map(Self.endpoint)
        }
    }

    func webhookEndpoint(_ id: String, organizationID: String) async throws -> WebhookEndpoint? {
        try await withSession { session in
            try await session.query(
                "SELECT \(unescaped: Self.endpointColumns) FROM webhook_endpoints WHERE organization_id = \(organizationID) AND id = \(id)"
            ).first.map(Self.endpoint)
        }
    }

    func update(_ endpoint: WebhookEndpoint) async throws -> Bool {
        try await withSession { session in
            try await session.query(
                """
                UPDATE webhook_endpoints SET url = \(endpoint.url), event_types = \(endpoint.eventTypes), description = \(endpoint.description),
                    active = \(endpoint.active), secret = \(endpoint.secret)
                WHERE organization_id = \(endpoint.organizationID) AND id = \(endpoint.id) RETURNING id
                """
            ).isEmpty == false
        }
    }

    func deleteWebhookEndpoint(_ id: String, organizationID: String) async throws -> Bool {
        try await withSession { session in
            try await session.transaction {
                try await session.query("DELETE FROM webhook_deliveries WHERE organization_id = \(organizationID) AND endpoint_id = \(id)")
                return try await session.query(
                    "DELETE FROM webhook_endpoints WHERE organization_id = \(organizationID) AND id = \(id) RETURNING id"
                ).isEmpty == false
            }
        }
    }

    private static let endpointColumns = "id, organization_id, url, event_types, description, active, secret, created_at"

    private static func endpoint(_ row: PostgresRow) throws -> WebhookEndpoint {
        let (id, organizationID, url, eventTypes, description, active, secret, createdAt) = try row.decode(
            (String, String, String, [String], String?, Bool, String, Int64).self
        )
        return WebhookEndpoint(
            id: id,
            organizationID: organizationID,
            url: url,
            eventTypes: eventTypes,
            description: description,
            active: active,
            secret: secret,
            createdAt: createdAt
        )
    }
}

extension PostgresStore {
    /// Leases with `FOR UPDATE SKIP LOCKED`, so that instances polling at once
    /// take different deliveries, then reads their events in one query.
    func claimDeliveries(now: Int64, leaseUntil: Int64, limit: Int, busy: Set<String>) async throws -> [ClaimedDelivery] {
        try await withSession { session in
            let rows = try await session.query(
                """
                UPDATE webhook_deliveries d SET leased_until = \(leaseUntil)
                FROM (
                    SELECT x.seq FROM webhook_endpoints e
                    CROSS JOIN LATERAL (
                        SELECT y.seq, y.next_attempt_at FROM webhook_deliveries y
                        WHERE y.organization_id = e.organization_id AND y.endpoint_id = e.id AND y.status = 'pending'
                            AND y.next_attempt_at <= \(now) AND (y.leased_until IS NULL OR y.leased_until < \(now))
                        ORDER BY y.next_attempt_at LIMIT \(limit) FOR UPDATE SKIP LOCKED
                    ) x
                    WHERE e.active AND e.id <> ALL(\(Array(busy)))
                    ORDER BY x.next_attempt_at LIMIT \(limit)
                ) due, webhook_endpoints w
                WHERE d.seq = due.seq AND w.organization_id = d.organization_id AND w.id = d.endpoint_id
                RETURNING \(unescaped: Self.deliveryColumns("d")), d.event_seq, w.url, w.event_types, w.description, w.active, w.secret,
                    w.created_at
                """
            )
            var claimed: [(delivery: WebhookDelivery, endpoint: WebhookEndpoint, eventSeq: Int64)] = []
            for row in rows {
                let delivery = try Self.delivery(row)
                let columns = row.makeRandomAccess()
                let endpoint = WebhookEndpoint(
                    id: delivery.endpointID,
                    organizationID: delivery.organizationID,
                    url: try columns[10].decode(String.self),
                    eventTypes: try columns[11].decode([String].self),
                    description: try columns[12].decode(String?.self),
                    active: try columns[13].decode(Bool.self),
                    secret: try columns[14].decode(String.self),
                    createdAt: try columns[15].decode(Int64.self)
                )
                claimed.append((delivery, endpoint, try columns[9].decode(Int64.self)))
            }
            guard !claimed.isEmpty else { return [] }
            var events: [String: TimelineEvent] = [:]
            for row in try await session.query(
                """
                SELECT \(unescaped: TimelineEvent.columns) FROM events
                WHERE (organization_id, seq) IN (
                    SELECT * FROM unnest(\(claimed.map(\.delivery.organizationID))::text[], \(claimed.map(\.eventSeq))::int8[]))
                """
            ) {
                let event = try Self.timelineEvent(row)
                events[event.event.id] = event
            }
            return claimed.map { ClaimedDelivery(delivery: $0.delivery, endpoint: $0.endpoint, event: events[$0.delivery.eventID]) }
        }
    }

    /// Absent status codes and next attempts travel as -1, as arrays take no nulls here.
    func finish(_ deliveries: [WebhookDelivery]) async throws {
        try await withSession { session in
            try await session.query(
                """
                UPDATE webhook_deliveries d SET status = o.status, attempts = o.attempts, last_status_code = NULLIF(o.code, -1),
                    next_attempt_at = NULLIF(o.next, -1), leased_until = NULL
                FROM unnest(\(deliveries.map(\.sequence))::int8[], \(deliveries.map(\.status.rawValue))::text[],
                    \(deliveries.map(\.attempts))::int4[], \(deliveries.map { $0.lastStatusCode ?? -1 })::int4[],
                    \(deliveries.map { $0.nextAttemptAt ?? -1 })::int8[]) AS o(seq, status, attempts, code, next)
                WHERE d.seq = o.seq
                """
            )
        }
    }

    func deliveries(
        endpointID: String,
        organizationID: String,
        status: WebhookDelivery.Status?,
        before: Int64?,
        limit: Int
    ) async throws -> [WebhookDelivery] {
        try await withSession { session in
            try await session.query(
                """
                SELECT \(unescaped: Self.deliveryColumns("d")) FROM webhook_deliveries d
                WHERE organization_id = \(organizationID) AND endpoint_id = \(endpointID) AND seq < \(before ?? Int64.max)
                    AND (\(status?.rawValue)::text IS NULL OR status = \(status?.rawValue))
                ORDER BY seq DESC LIMIT \(limit)
                """
            ).map(Self.delivery)
        }
    }

    func retryDelivery(_ sequence: Int64, endpointID: String, organizationID: String, now: Int64) async throws -> WebhookDelivery? {
        try await withSession { session in
            try await session.query(
                """
                UPDATE webhook_deliveries d SET status = 'pending', next_attempt_at = \(now), leased_until = NULL
                WHERE seq = \(sequence) AND endpoint_id = \(endpointID) AND organization_id = \(organizationID)
                RETURNING \(unescaped: Self.deliveryColumns("d"))
                """
            ).first.map(Self.delivery)
        }
    }

    func hasActiveWebhookEndpoints() async throws -> Bool {
        try await withSession { session in
            try await session.query("SELECT EXISTS (SELECT 1 FROM webhook_endpoints WHERE active)").first?.decode(Bool.self) ?? false
        }
    }

    func oldestPendingDelivery() async throws -> Int64? {
        try await withSession { session in
            try await session.query("SELECT min(created_at) FROM webhook_deliveries WHERE status = 'pending'").first?.decode(Int64?.self)
        }
    }

    func deleteEndedDeliveries(before time: Int64) async throws -> Int {
        try await withSession { session in
            try await session.query(
                "WITH d AS (DELETE FROM webhook_deliveries WHERE status <> 'pending' AND created_at < \(time) RETURNING 1) SELECT count(*) FROM d"
            ).first?.decode(Int.self) ?? 0
        }
    }

    private static func deliveryColumns(_ table: String) -> String {
        ["seq", "organization_id", "endpoint_id", "event_id", "status", "attempts", "last_status_code", "next_attempt_at", "created_at"]
            .map { "\(table).\($0)" }.joined(separator: ", ")
    }

    /// A delivery from a row that starts with ``deliveryColumns(_:)``.
    private static func delivery(_ row: PostgresRow) throws -> WebhookDelivery {
        let (sequence, organizationID, endpointID, eventID, status, attempts, lastStatusCode, nextAttemptAt, createdAt) = try row.decode(
            (Int64, String, String, String, String, Int, Int?, Int64?, Int64).self
        )
        return WebhookDelivery(
            sequence: sequence,
            organizationID: organizationID,
            endpointID: endpointID,
            eventID: eventID,
            status: WebhookDelivery.Status(rawValue: status) ?? .failed,
            attempts: attempts,
            lastStatusCode: lastStatusCode,
            nextAttemptAt: nextAttemptAt,
            createdAt: createdAt
        )
    }
}
