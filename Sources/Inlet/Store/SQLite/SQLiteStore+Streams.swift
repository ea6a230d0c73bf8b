import GRDB

extension SQLiteStore {
    func insert(_ stream: DataStream) async throws {
        try await write { db in
            try db.execute(
                sql: """
                    INSERT INTO streams (id, organization_id, name, item_key, key_id, key_prefix, key_hash, key_created_at, created_at,
                        retention_days, signature_scheme, signature_secret)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    stream.id, stream.organizationID, stream.name, stream.itemKey, stream.key.id, stream.key.prefix, stream.key.hash,
                    stream.key.createdAt, stream.createdAt, stream.retentionDays, stream.signature?.scheme.rawValue, stream.signature?.secret,
                ]
            )
        }
    }

    func streams(organizationID: String) async throws -> [DataStream] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM streams WHERE organization_id = ? ORDER BY created_at, id", arguments: [organizationID])
                .map(Self.stream)
        }
    }

    func stream(_ idOrName: String, organizationID: String) async throws -> DataStream? {
        try await pool.read { db in
            try Row.fetchOne(
                db,
                sql: "SELECT * FROM streams WHERE organization_id = ? AND (id = ? OR name = ?)",
                arguments: [organizationID, idOrName, idOrName]
            ).map(Self.stream)
        }
    }

    func updateSettings(of stream: DataStream) async throws -> Bool {
        try await write { db in
            try db.execute(
                sql: "UPDATE streams SET retention_days = ?, signature_scheme = ?, signature_secret = ? WHERE id = ? AND organization_id = ?",
                arguments: [
                    stream.retentionDays, stream.signature?.scheme.rawValue, stream.signature?.secret, stream.id, stream.organizationID,
                ]
            )
            return db.changesCount > 0
        }
    }

    func replaceKey(of streamID: String, organizationID: String, with key: StreamKey) async throws -> Bool {
        try await write { db in
            try db.execute(
                sql: "UPDATE streams SET key_id = ?, key_prefix = ?, key_hash = ?, key_created_at = ? WHERE id = ? AND organization_id = ?",
                arguments: [key.id, key.prefix, key.hash, key.createdAt, streamID, organizationID]
            )
            return db.changesCount > 0
        }
    }

    func deleteStream(_ streamID: String, organizationID: String) async throws -> Bool {
        try await write { db in
            try db.execute(sql: "DELETE FROM streams WHERE id = ? AND organization_id = ?", arguments: [streamID, organizationID])
            guard db.changesCount > 0 else { return false }
            try db.execute(sql: "DELETE FROM stream_items WHERE stream_id = ? AND organization_id = ?", arguments: [streamID, organizationID])
            try db.execute(sql: "DELETE FROM stream_item_fields WHERE stream_id = ?", arguments: [streamID])
            return true
        }
    }

    func streamKeyCandidates(prefix: String) async throws -> [DataStream] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM streams WHERE key_prefix = ?", arguments: [prefix]).map(Self.stream)
        }
    }

    func signedStreams(named name: String) async throws -> [DataStream] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM streams WHERE name = ? AND signature_scheme IS NOT NULL", arguments: [name]).map(Self.stream)
        }
    }

    private static func stream(_ row: Row) -> DataStream {
        DataStream(
            id: row["id"],
            organizationID: row["organization_id"],
            name: row["name"],
            itemKey: row["item_key"],
            key: StreamKey(id: row["key_id"], prefix: row["key_prefix"], hash: row["key_hash"], createdAt: row["key_created_at"]),
            createdAt: row["created_at"],
            retentionDays: row["retention_days"],
            signature: StreamSignature(storedScheme: row["signature_scheme"], secret: row["signature_secret"])
        )
    }
}
