import GRDB

extension SQLiteStore {
    func insert(_ endpoint: WebhookEndpoint) async throws {
        try await write { db in
            try db.execute(
                sql: """
                    INSERT INTO webhook_endpoints (organization_id, id, url, event_types, description, active, secret, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    endpoint.organizationID, endpoint.id, endpoint.url, endpoint.eventTypes.joined(separator: " "), endpoint.description,
                    endpoint.active, endpoint.secret, endpoint.createdAt,
                ]
            )
        }
    }

    func webhookEndpoints(organizationID: String) async throws -> [WebhookEndpoint] {
        try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: "SELECT * FROM webhook_endpoints WHERE organization_id = ? ORDER BY created_at, id",
                arguments: [organizationID]
            )
            .map(Self.endpoint)
        }
    }

    func webhookEndpoint(_ id: String, organizationID: String) async throws -> WebhookEndpoint? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM webhook_endpoints WHERE organization_id = ? AND id = ?", arguments: [organizationID, id])
                .map(Self.endpoint)
        }
    }

    func update(_ endpoint: WebhookEndpoint) async throws -> Bool {
        try await write { db in
            try db.execute(
                sql: """
                    UPDATE webhook_endpoints SET url = ?, event_types = ?, description = ?, active = ?, secret = ?
                    WHERE organization_id = ? AND id = ?
                    """,
                arguments: [
                    endpoint.url, endpoint.eventTypes.joined(separator: " "), endpoint.description, endpoint.active, endpoint.secret,
                    endpoint.organizationID, endpoint.id,
                ]
            )
            return db.changesCount > 0
        }
    }

    func deleteWebhookEndpoint(_ id: String, organizationID: String) async throws -> Bool {
        try await write { db in
            try db.execute(sql: "DELETE FROM webhook_endpoints WHERE organization_id = ? AND id = ?", arguments: [organizationID, id])
            let deleted = db.changesCount > 0
            try db.execute(sql: "DELETE FROM webhook_deliveries WHERE organization_id = ? AND endpoint_id = ?", arguments: [organizationID, id])
            return deleted
        }
    }

    private static func endpoint(_ row: Row) -> WebhookEndpoint {
        WebhookEndpoint(
            id: row["id"],
            organizationID: row["organization_id"],
            url: row["url"],
            eventTypes: (row["event_types"] as String).split(separator: " ").map(String.init),
            description: row["description"],
            active: row["active"],
            secret: row["secret"],
            createdAt: row["created_at"]
        )
    }
}

extension SQLiteStore {
    func claimDeliveries(now: Int64, leaseUntil: Int64, limit: Int, busy: Set<String>) async throws -> [ClaimedDelivery] {
        try await write { db in
            let due = try Row.fetchAll(
                db,
                sql: """
                    SELECT d.seq FROM webhook_endpoints w
                    JOIN webhook_deliveries d ON d.seq IN (
                        SELECT x.seq FROM webhook_deliveries x
                        WHERE x.organization_id = w.organization_id AND x.endpoint_id = w.id AND x.status = 'pending'
                            AND x.next_attempt_at <= ? AND (x.leased_until IS NULL OR x.leased_until < ?)
                        ORDER BY x.next_attempt_at LIMIT ?
                    )
                    WHERE w.active = 1 AND w.id NOT IN (SELECT value FROM json_each(?))
                    ORDER BY d.next_attempt_at LIMIT ?
                    """,
                arguments: [now, now, limit, JSONWriter.string(.array(busy.map(JSONValue.string))), limit]
            ).map { $0[0] as Int64 }
            var claimed: [ClaimedDelivery] = []
            for seq in due {
                guard
                    let row = try Row.fetchOne(
                        db,
                        sql: """
                            SELECT d.*, w.url, w.event_types, w.description, w.active, w.secret, w.created_at AS endpoint_created_at
                            FROM webhook_deliveries d JOIN webhook_endpoints w ON w.organization_id = d.organization_id AND w.id = d.endpoint_id
                            WHERE d.seq = ?
                            """,
                        arguments: [seq]
                    )
                else { continue }
                let delivery = Self.delivery(row)
                try db.execute(sql: "UPDATE webhook_deliveries SET leased_until = ? WHERE seq = ?", arguments: [leaseUntil, seq])
                let event = try Row.fetchOne(
                    db,
                    sql: "SELECT \(TimelineEvent.columns) FROM events WHERE seq = ? AND id = ? AND organization_id = ?",
                    arguments: [row["event_seq"], delivery.eventID, delivery.organizationID]
                ).map(Self.timelineEvent)
                let endpoint = WebhookEndpoint(
                    id: delivery.endpointID,
                    organizationID: delivery.organizationID,
                    url: row["url"],
                    eventTypes: (row["event_types"] as String).split(separator: " ").map(String.init),
                    description: row["description"],
                    active: row["active"],
                    secret: row["secret"],
                    createdAt: row["endpoint_created_at"]
                )
                claimed.append(ClaimedDelivery(delivery: delivery, endpoint: endpoint, event: event))
            }
            return claimed
        }
    }

    func finish(_ deliveries: [WebhookDelivery]) async throws {
        try await write { db in
            let update = try db.cachedStatement(
                sql: """
                    UPDATE webhook_deliveries SET status = ?, attempts = ?, last_status_code = ?, next_attempt_at = ?, leased_until = NULL
                    WHERE seq = ?
                    """
            )
            for delivery in deliveries {
                try update.execute(arguments: [
                    delivery.status.rawValue, delivery.attempts, delivery.lastStatusCode, delivery.nextAttemptAt, delivery.sequence,
                ])
            }
        }
    }

    func deliveries(
        endpointID: String,
        organizationID: String,
        status: WebhookDelivery.Status?,
        before: Int64?,
        limit: Int
    ) async throws -> [WebhookDelivery] {
        try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM webhook_deliveries WHERE organization_id = ? AND endpoint_id = ? AND seq < ? AND (? IS NULL OR status = ?)
                    ORDER BY seq DESC LIMIT ?
                    """,
                arguments: [organizationID, endpointID, before ?? Int64.max, status?.rawValue, status?.rawValue, limit]
            ).map(Self.delivery)
        }
    }

    func retryDelivery(_ sequence: Int64, endpointID: String, organizationID: String, now: Int64) async throws -> WebhookDelivery? {
        try await write { db in
            try Row.fetchOne(
                db,
                sql: """
                    UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = ?, leased_until = NULL
                    WHERE seq = ? AND endpoint_id = ? AND organization_id = ? RETURNING *
                    """,
                arguments: [now, sequence, endpointID, organizationID]
            ).map(Self.delivery)
        }
    }

    func hasActiveWebhookEndpoints() async throws -> Bool {
        try await pool.read { db in
            try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM webhook_endpoints WHERE active = 1)") ?? false
        }
    }

    func oldestPendingDelivery() async throws -> Int64? {
        try await pool.read { db in
            try Int64.fetchOne(db, sql: "SELECT min(created_at) FROM webhook_deliveries WHERE status = 'pending'")
        }
    }

    func deleteEndedDeliveries(before time: Int64) async throws -> Int {
        try await write { db in
            try db.execute(sql: "DELETE FROM webhook_deliveries WHERE status <> 'pending' AND created_at < ?", arguments: [time])
            return db.changesCount
        }
    }

    private static func delivery(_ row: Row) -> WebhookDelivery {
        WebhookDelivery(
            sequence: row["seq"],
            organizationID: row["organization_id"],
            endpointID: row["endpoint_id"],
            eventID: row["event_id"],
            status: WebhookDelivery.Status(rawValue: row["status"]) ?? .failed,
            attempts: row["attempts"],
            lastStatusCode: row["last_status_code"],
            nextAttemptAt: row["next_attempt_at"],
            createdAt: row["created_at"]
        )
    }
}
