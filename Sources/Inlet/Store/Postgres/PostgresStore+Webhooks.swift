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
            try await session.query(
                "DELETE FROM webhook_endpoints WHERE organization_id = \(organizationID) AND id = \(id) RETURNING id"
            ).isEmpty == false
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
