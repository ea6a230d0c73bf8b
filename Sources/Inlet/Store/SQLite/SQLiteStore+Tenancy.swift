import Foundation
import GRDB

extension SQLiteStore {
    func isEmpty() async throws -> Bool {
        try await pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM organizations") == 0 }
    }

    func insert(_ organization: Organization, defaultUnit: OrgUnit) async throws {
        try await write { db in
            try db.execute(
                sql: """
                    INSERT INTO organizations (id, slug, name, max_events_per_month, key_rps, org_rps, created_at, retention_days)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    organization.id, organization.slug, organization.name, organization.maxEventsPerMonth,
                    organization.keyRps, organization.orgRps, organization.createdAt, organization.retentionDays,
                ]
            )
            try Self.insert(defaultUnit, db)
            try Self.insert(Ruleset.activity(organizationID: organization.id, at: organization.createdAt), db)
        }
    }

    func organizations() async throws -> [Organization] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM organizations ORDER BY created_at, id").map(Self.organization)
        }
    }

    func organization(_ idOrSlug: String) async throws -> Organization? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM organizations WHERE id = ? OR slug = ?", arguments: [idOrSlug, idOrSlug])
                .map(Self.organization)
        }
    }

    func update(_ organization: Organization) async throws {
        try await write { db in
            try db.execute(
                sql: "UPDATE organizations SET name = ?, max_events_per_month = ?, key_rps = ?, org_rps = ?, retention_days = ? WHERE id = ?",
                arguments: [
                    organization.name, organization.maxEventsPerMonth, organization.keyRps, organization.orgRps, organization.retentionDays,
                    organization.id,
                ]
            )
        }
    }

    func insert(_ unit: OrgUnit) async throws {
        try await write { db in try Self.insert(unit, db) }
    }

    func units(organizationID: String) async throws -> [OrgUnit] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM units WHERE organization_id = ? ORDER BY created_at, id", arguments: [organizationID])
                .map { OrgUnit(id: $0["id"], organizationID: $0["organization_id"], name: $0["name"], createdAt: $0["created_at"]) }
        }
    }

    func insert(_ app: DeveloperApp) async throws {
        try await write { db in
            try db.execute(
                sql: "INSERT INTO apps (id, organization_id, slug, name, event_types, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [app.id, app.organizationID, app.slug, app.name, app.storedEventTypes, app.createdAt]
            )
        }
    }

    func app(_ idOrSlug: String, organizationID: String) async throws -> DeveloperApp? {
        try await pool.read { db in
            try Row.fetchOne(
                db,
                sql: "SELECT * FROM apps WHERE organization_id = ? AND (id = ? OR slug = ?)",
                arguments: [organizationID, idOrSlug, idOrSlug]
            ).map(Self.app)
        }
    }

    func apps(organizationID: String) async throws -> [DeveloperApp] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM apps WHERE organization_id = ? ORDER BY created_at, id", arguments: [organizationID])
                .map(Self.app)
        }
    }

    func update(_ app: DeveloperApp) async throws {
        try await write { db in
            try db.execute(
                sql: "UPDATE apps SET name = ?, event_types = ? WHERE id = ?",
                arguments: [app.name, app.storedEventTypes, app.id]
            )
        }
    }

    func insert(_ key: AppKeyRecord) async throws {
        try await write { db in
            try db.execute(
                sql: """
                    INSERT INTO app_keys (id, organization_id, app_id, unit_id, prefix, hash, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [key.id, key.organizationID, key.appID, key.unitID, key.prefix, key.hash, key.createdAt]
            )
        }
    }

    func keys(organizationID: String, appID: String) async throws -> [AppKeyRecord] {
        try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: "SELECT * FROM app_keys WHERE app_id = ? AND organization_id = ? ORDER BY created_at, id",
                arguments: [appID, organizationID]
            )
            .map(Self.key)
        }
    }

    func keyCandidates(prefix: String) async throws -> [AppKeyRecord] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM app_keys WHERE prefix = ? AND revoked_at IS NULL", arguments: [prefix])
                .map(Self.key)
        }
    }

    func revokeKey(_ keyID: String, organizationID: String, appID: String, at time: Int64) async throws -> Bool {
        try await write { db in
            try db.execute(
                sql: "UPDATE app_keys SET revoked_at = coalesce(revoked_at, ?) WHERE id = ? AND app_id = ? AND organization_id = ?",
                arguments: [time, keyID, appID, organizationID]
            )
            return db.changesCount > 0
        }
    }

    func markKeyUsed(_ keyID: String, organizationID: String, at time: Int64) async throws {
        try await write { db in
            try db.execute(sql: "UPDATE app_keys SET last_used_at = ? WHERE id = ?", arguments: [time, keyID])
        }
    }

    func insert(_ token: AdminTokenRecord) async throws {
        try await write { db in
            try db.execute(
                sql: "INSERT INTO admin_tokens (id, prefix, hash, created_at) VALUES (?, ?, ?, ?)",
                arguments: [token.id, token.prefix, token.hash, token.createdAt]
            )
        }
    }

    func adminTokenCandidates(prefix: String) async throws -> [AdminTokenRecord] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM admin_tokens WHERE prefix = ?", arguments: [prefix]).map {
                AdminTokenRecord(id: $0["id"], prefix: $0["prefix"], hash: $0["hash"], createdAt: $0["created_at"])
            }
        }
    }

    func endSession(_ id: String, expiresAt: Int64, now: Int64) async throws {
        try await write { db in
            try db.execute(sql: "DELETE FROM ended_sessions WHERE expires_at < ?", arguments: [now])
            try db.execute(sql: "INSERT OR IGNORE INTO ended_sessions (id, expires_at) VALUES (?, ?)", arguments: [id, expiresAt])
        }
    }

    func isSessionEnded(_ id: String) async throws -> Bool {
        try await pool.read { db in
            try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM ended_sessions WHERE id = ?)", arguments: [id]) ?? false
        }
    }

    private static func insert(_ unit: OrgUnit, _ db: Database) throws {
        try db.execute(
            sql: "INSERT INTO units (organization_id, id, name, created_at) VALUES (?, ?, ?, ?)",
            arguments: [unit.organizationID, unit.id, unit.name, unit.createdAt]
        )
    }

    private static func organization(_ row: Row) -> Organization {
        Organization(
            id: row["id"],
            slug: row["slug"],
            name: row["name"],
            maxEventsPerMonth: row["max_events_per_month"],
            keyRps: row["key_rps"],
            orgRps: row["org_rps"],
            createdAt: row["created_at"],
            retentionDays: row["retention_days"]
        )
    }

    private static func app(_ row: Row) -> DeveloperApp {
        let eventTypes = DeveloperApp.eventTypes(fromStored: row["event_types"])
        return DeveloperApp(
            id: row["id"],
            organizationID: row["organization_id"],
            slug: row["slug"],
            name: row["name"],
            eventTypes: eventTypes,
            createdAt: row["created_at"]
        )
    }

    private static func key(_ row: Row) -> AppKeyRecord {
        AppKeyRecord(
            id: row["id"],
            organizationID: row["organization_id"],
            appID: row["app_id"],
            unitID: row["unit_id"],
            prefix: row["prefix"],
            hash: row["hash"],
            createdAt: row["created_at"],
            lastUsedAt: row["last_used_at"],
            revokedAt: row["revoked_at"],
            activeUnitID: row["active_unit_id"]
        )
    }
}
