import GRDB

extension SQLiteStore {
    func insert(_ ruleset: Ruleset) async throws {
        try await write { db in try Self.insert(ruleset, db) }
    }

    func rulesets(organizationID: String) async throws -> [Ruleset] {
        try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: "SELECT * FROM rulesets WHERE organization_id = ? ORDER BY id <> 'rs_activity', created_at, id",
                arguments: [organizationID]
            )
            .map(Self.ruleset)
        }
    }

    func ruleset(_ idOrName: String, organizationID: String) async throws -> Ruleset? {
        try await pool.read { db in
            try Row.fetchOne(
                db,
                sql: "SELECT * FROM rulesets WHERE organization_id = ? AND (id = ? OR name = ?)",
                arguments: [organizationID, idOrName, idOrName]
            ).map(Self.ruleset)
        }
    }

    func update(_ ruleset: Ruleset) async throws {
        let (rules, milestones, sequences) = RulesetJSON.texts(of: ruleset)
        try await write { db in
            try db.execute(
                sql: """
                    UPDATE rulesets SET unit_id = ?, active = ?, window_days = ?, rules = ?, milestones = ?, sequences = ?, updated_at = ?
                    WHERE organization_id = ? AND id = ?
                    """,
                arguments: [
                    ruleset.unitID, ruleset.active, ruleset.windowDays, rules, milestones, sequences, ruleset.updatedAt,
                    ruleset.organizationID, ruleset.id,
                ]
            )
        }
    }

    static func insert(_ ruleset: Ruleset, _ db: Database) throws {
        let (rules, milestones, sequences) = RulesetJSON.texts(of: ruleset)
        try db.execute(
            sql: """
                INSERT INTO rulesets (organization_id, id, name, unit_id, active, window_days, rules, milestones, sequences, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                ruleset.organizationID, ruleset.id, ruleset.name, ruleset.unitID, ruleset.active, ruleset.windowDays, rules, milestones,
                sequences, ruleset.createdAt, ruleset.updatedAt,
            ]
        )
    }

    static func ruleset(_ row: Row) throws -> Ruleset {
        func json(_ column: String) throws -> JSONValue { try JSONParser.parse(Array((row[column] as String).utf8)) }
        return Ruleset(
            id: row["id"],
            organizationID: row["organization_id"],
            name: row["name"],
            unitID: row["unit_id"],
            active: row["active"],
            windowDays: row["window_days"],
            rules: try RulesetJSON.rules(json("rules")),
            milestones: try RulesetJSON.milestones(json("milestones")),
            sequences: try RulesetJSON.sequences(json("sequences")),
            createdAt: row["created_at"],
            updatedAt: row["updated_at"]
        )
    }
}
