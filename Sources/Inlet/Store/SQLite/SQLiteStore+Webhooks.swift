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
            return db.changesCount > 0
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
