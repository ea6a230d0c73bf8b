import PostgresNIO

extension PostgresStore {
    func insert(_ stream: DataStream) async throws {
        try await withSession { session in
            try await session.query(
                """
                INSERT INTO streams (organization_id, id, name, item_key, key_id, key_prefix, key_hash, key_created_at, created_at, retention_days,
                    signature_scheme, signature_secret)
                VALUES (\(stream.organizationID), \(stream.id), \(stream.name), \(stream.itemKey), \(stream.key.id), \(stream.key.prefix),
                    \(stream.key.hash), \(stream.key.createdAt), \(stream.createdAt), \(stream.retentionDays),
                    \(stream.signature?.scheme.rawValue), \(stream.signature?.secret))
                """
            )
        }
    }

    func streams(organizationID: String) async throws -> [DataStream] {
        try await withSession { session in
            try await session.query(
                "SELECT \(unescaped: Self.streamColumns) FROM streams WHERE organization_id = \(organizationID) ORDER BY created_at, id"
            ).map(Self.stream)
        }
    }

    func stream(_ idOrName: String, organizationID: String) async throws -> DataStream? {
        try await withSession { session in
            try await session.query(
                """
                SELECT \(unescaped: Self.streamColumns) FROM streams
                WHERE organization_id = \(organizationID) AND (id = \(idOrName) OR name = \(idOrName))
                """
            ).first.map(Self.stream)
        }
    }

    func updateSettings(of stream: DataStream) async throws -> Bool {
        try await withSession { session in
            try await session.query(
                """
                UPDATE streams SET retention_days = \(stream.retentionDays), signature_scheme = \(stream.signature?.scheme.rawValue),
                    signature_secret = \(stream.signature?.secret)
                WHERE organization_id = \(stream.organizationID) AND id = \(stream.id) RETURNING id
                """
            ).isEmpty == false
        }
    }

    func signedStreams(named name: String) async throws -> [DataStream] {
        try await withSession { session in
            try await session.query(
                "SELECT \(unescaped: Self.streamColumns) FROM streams WHERE name = \(name) AND signature_scheme IS NOT NULL"
            ).map(Self.stream)
        }
    }

    func replaceKey(of streamID: String, organizationID: String, with key: StreamKey) async throws -> Bool {
        try await withSession { session in
            try await session.query(
                """
                UPDATE streams SET key_id = \(key.id), key_prefix = \(key.prefix), key_hash = \(key.hash), key_created_at = \(key.createdAt)
                WHERE organization_id = \(organizationID) AND id = \(streamID) RETURNING id
                """
            ).isEmpty == false
        }
    }

    func deleteStream(_ streamID: String, organizationID: String) async throws -> Bool {
        try await withSession { session in
            try await session.transaction {
                try await session.query("DELETE FROM stream_items WHERE organization_id = \(organizationID) AND stream_id = \(streamID)")
                return try await session.query(
                    "DELETE FROM streams WHERE organization_id = \(organizationID) AND id = \(streamID) RETURNING id"
                ).isEmpty == false
            }
        }
    }

    func streamKeyCandidates(prefix: String) async throws -> [DataStream] {
        try await withSession { session in
            try await session.query("SELECT \(unescaped: Self.streamColumns) FROM streams WHERE key_prefix = \(prefix)").map(Self.stream)
        }
    }

    private static let streamColumns =
        "id, organization_id, name, item_key, key_id, key_prefix, key_hash, key_created_at, created_at, retention_days, signature_scheme, signature_secret"

    private static func stream(_ row: PostgresRow) throws -> DataStream {
        let (id, organizationID, name, itemKey, keyID, keyPrefix, keyHash, keyCreatedAt, createdAt, retentionDays, scheme, secret) = try row.decode(
            (String, String, String, String?, String, String, String, Int64, Int64, Int?, String?, String?).self
        )
        return DataStream(
            id: id,
            organizationID: organizationID,
            name: name,
            itemKey: itemKey,
            key: StreamKey(id: keyID, prefix: keyPrefix, hash: keyHash, createdAt: keyCreatedAt),
            createdAt: createdAt,
            retentionDays: retentionDays,
            signature: StreamSignature(storedScheme: scheme, secret: secret)
        )
    }
}
