import Foundation
import PostgresNIO

extension PostgresStore {
    func isEmpty() async throws -> Bool {
        try await withSession { session in
            try await session.query("SELECT NOT EXISTS (SELECT 1 FROM organizations)").first?.decode(Bool.self) ?? true
        }
    }

    func insert(_ organization: Organization, defaultUnit: OrgUnit) async throws {
        try await withSession { session in
            try await session.transaction {
                try await session.query(
                    """
                    INSERT INTO organizations (id, slug, name, max_events_per_month, key_rps, org_rps, created_at, retention_days)
                    VALUES (\(organization.id), \(organization.slug), \(organization.name), \(organization.maxEventsPerMonth),
                        \(organization.keyRps), \(organization.orgRps), \(organization.createdAt), \(organization.retentionDays))
                    """
                )
                try await Self.insert(defaultUnit, session)
                try await Self.insert(Ruleset.activity(organizationID: organization.id, at: organization.createdAt), session)
            }
        }
    }

    func organizations() async throws -> [Organization] {
        try await withSession { session in
            try await session.query("SELECT \(unescaped: Self.organizationColumns) FROM organizations ORDER BY created_at, id")
                .map(Self.organization)
        }
    }

    func organization(_ idOrSlug: String) async throws -> Organization? {
        try await withSession { session in
            try await session.query(
                "SELECT \(unescaped: Self.organizationColumns) FROM organizations WHERE id = \(idOrSlug) OR slug = \(idOrSlug)"
            ).first.map(Self.organization)
        }
    }

    func update(_ organization: Organization) async throws {
        try await withSession { session in
            try await session.query(
                """
                UPDATE organizations SET name = \(organization.name), max_events_per_month = \(organization.maxEventsPerMonth),
                    key_rps = \(organization.keyRps), org_rps = \(organization.orgRps), retention_days = \(organization.retentionDays)
                WHERE id = \(organization.id)
                """
            )
        }
    }

    func insert(_ unit: OrgUnit) async throws {
        try await withSession { session in try await Self.insert(unit, session) }
    }

    func units(organizationID: String) async throws -> [OrgUnit] {
        try await withSession { session in
            try await session.query(
                "SELECT id, organization_id, name, created_at FROM units WHERE organization_id = \(organizationID) ORDER BY created_at, id"
            ).map {
                let (id, organizationID, name, createdAt) = try $0.decode((String, String, String, Int64).self)
                return OrgUnit(id: id, organizationID: organizationID, name: name, createdAt: createdAt)
            }
        }
    }

    func insert(_ app: DeveloperApp) async throws {
        try await withSession { session in
            try await session.query(
                """
                INSERT INTO apps (organization_id, id, slug, name, event_types, created_at)
                VALUES (\(app.organizationID), \(app.id), \(app.slug), \(app.name), \(app.storedEventTypes), \(app.createdAt))
                """
            )
        }
    }

    func app(_ idOrSlug: String, organizationID: String) async throws -> DeveloperApp? {
        try await withSession { session in
            try await session.query(
                """
                SELECT \(unescaped: Self.appColumns) FROM apps
                WHERE organization_id = \(organizationID) AND (id = \(idOrSlug) OR slug = \(idOrSlug))
                """
            ).first.map(Self.app)
        }
    }

    func apps(organizationID: String) async throws -> [DeveloperApp] {
        try await withSession { session in
            try await session.query(
                "SELECT \(unescaped: Self.appColumns) FROM apps WHERE organization_id = \(organizationID) ORDER BY created_at, id"
            ).map(Self.app)
        }
    }

    func update(_ app: DeveloperApp) async throws {
        try await withSession { session in
            try await session.query(
                """
                UPDATE apps SET name = \(app.name), event_types = \(app.storedEventTypes)
                WHERE organization_id = \(app.organizationID) AND id = \(app.id)
                """
            )
        }
    }

    func insert(_ key: AppKeyRecord) async throws {
        try await withSession { session in
            try await session.query(
                """
                INSERT INTO app_keys (organization_id, id, app_id, unit_id, prefix, hash, created_at)
                VALUES (\(key.organizationID), \(key.id), \(key.appID), \(key.unitID), \(key.prefix), \(key.hash), \(key.createdAt))
                """
            )
        }
    }

    func keys(organizationID: String, appID: String) async throws -> [AppKeyRecord] {
        try await withSession { session in
            try await session.query(
                """
                SELECT \(unescaped: Self.keyColumns) FROM app_keys WHERE organization_id = \(organizationID) AND app_id = \(appID)
                ORDER BY created_at, id
                """
            ).map(Self.key)
        }
    }

    func keyCandidates(prefix: String) async throws -> [AppKeyRecord] {
        try await withSession { session in
            try await session.query(
                "SELECT \(unescaped: Self.keyColumns) FROM app_keys WHERE prefix = \(prefix) AND revoked_at IS NULL"
            ).map(Self.key)
        }
    }

    func revokeKey(_ keyID: String, organizationID: String, appID: String, at time: Int64) async throws -> Bool {
        try await withSession { session in
            try await session.query(
                """
                UPDATE app_keys SET revoked_at = coalesce(revoked_at, \(time))
                WHERE organization_id = \(organizationID) AND id = \(keyID) AND app_id = \(appID) RETURNING id
                """
            ).isEmpty == false
        }
    }

    func markKeyUsed(_ keyID: String, organizationID: String, at time: Int64) async throws {
        try await withSession { session in
            try await session.query(
                "UPDATE app_keys SET last_used_at = \(time) WHERE organization_id = \(organizationID) AND id = \(keyID)"
            )
        }
    }

    func insert(_ token: AdminTokenRecord) async throws {
        try await withSession { session in
            try await session.query(
                """
                INSERT INTO admin_tokens (id, prefix, hash, created_at)
                VALUES (\(token.id), \(token.prefix), \(token.hash), \(token.createdAt))
                """
            )
        }
    }

    func adminTokenCandidates(prefix: String) async throws -> [AdminTokenRecord] {
        try await withSession { session in
            try await session.query("SELECT id, prefix, hash, created_at FROM admin_tokens WHERE prefix = \(prefix)").map {
                let (id, prefix, hash, createdAt) = try $0.decode((String, String, String, Int64).self)
                return AdminTokenRecord(id: id, prefix: prefix, hash: hash, createdAt: createdAt)
            }
        }
    }

    func endSession(_ id: String, expiresAt: Int64, now: Int64) async throws {
        try await withSession { session in
            try await session.query(
                """
                WITH forgotten AS (DELETE FROM ended_sessions WHERE expires_at < \(now))
                INSERT INTO ended_sessions (id, expires_at) VALUES (\(id), \(expiresAt)) ON CONFLICT DO NOTHING
                """
            )
        }
    }

    func isSessionEnded(_ id: String) async throws -> Bool {
        try await withSession { session in
            try await session.query("SELECT 1 FROM ended_sessions WHERE id = \(id)").isEmpty == false
        }
    }

    private static func insert(_ unit: OrgUnit, _ session: PostgresSession) async throws {
        try await session.query(
            """
            INSERT INTO units (organization_id, id, name, created_at)
            VALUES (\(unit.organizationID), \(unit.id), \(unit.name), \(unit.createdAt))
            """
        )
    }

    private static let organizationColumns = "id, slug, name, max_events_per_month, key_rps, org_rps, created_at, retention_days"
    private static let appColumns = "id, organization_id, slug, name, event_types, created_at"
    private static let keyColumns =
        "id, organization_id, app_id, unit_id, prefix, hash, created_at, last_used_at, revoked_at, active_unit_id"

    private static func organization(_ row: PostgresRow) throws -> Organization {
        let (id, slug, name, cap, keyRps, orgRps, createdAt, retentionDays) = try row.decode(
            (String, String, String, Int?, Int, Int, Int64, Int?).self
        )
        return Organization(
            id: id,
            slug: slug,
            name: name,
            maxEventsPerMonth: cap,
            keyRps: keyRps,
            orgRps: orgRps,
            createdAt: createdAt,
            retentionDays: retentionDays
        )
    }

    private static func app(_ row: PostgresRow) throws -> DeveloperApp {
        let (id, organizationID, slug, name, eventTypes, createdAt) = try row.decode((String, String, String, String, String, Int64).self)
        return DeveloperApp(
            id: id,
            organizationID: organizationID,
            slug: slug,
            name: name,
            eventTypes: DeveloperApp.eventTypes(fromStored: eventTypes),
            createdAt: createdAt
        )
    }

    private static func key(_ row: PostgresRow) throws -> AppKeyRecord {
        let (id, organizationID, appID, unitID, prefix, hash, createdAt, lastUsedAt, revokedAt, activeUnitID) = try row.decode(
            (String, String, String, String?, String, String, Int64, Int64?, Int64?, String?).self
        )
        return AppKeyRecord(
            id: id,
            organizationID: organizationID,
            appID: appID,
            unitID: unitID,
            prefix: prefix,
            hash: hash,
            createdAt: createdAt,
            lastUsedAt: lastUsedAt,
            revokedAt: revokedAt,
            activeUnitID: activeUnitID
        )
    }
}
