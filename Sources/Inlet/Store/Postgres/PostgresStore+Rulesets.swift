import PostgresNIO

extension PostgresStore {
    func insert(_ ruleset: Ruleset) async throws {
        try await withSession { session in try await Self.insert(ruleset, session) }
    }

    func rulesets(organizationID: String) async throws -> [Ruleset] {
        try await withSession { session in
            try await session.query(
                "SELECT \(unescaped: Self.rulesetColumns) FROM rulesets WHERE organization_id = \(organizationID) ORDER BY id <> 'rs_activity', created_at, id"
            ).map(Self.ruleset)
        }
    }

    func ruleset(_ idOrName: String, organizationID: String) async throws -> Ruleset? {
        try await withSession { session in
            try await session.query(
                """
                SELECT \(unescaped: Self.rulesetColumns) FROM rulesets
                WHERE organization_id = \(organizationID) AND (id = \(idOrName) OR name = \(idOrName))
                """
            ).first.map(Self.ruleset)
        }
    }

    func update(_ ruleset: Ruleset) async throws {
        let (rules, milestones, sequences) = RulesetJSON.texts(of: ruleset)
        try await withSession { session in
            try await session.query(
                """
                UPDATE rulesets SET unit_id = \(ruleset.unitID), active = \(ruleset.active), window_days = \(ruleset.windowDays),
                    rules = \(rules), milestones = \(milestones), sequences = \(sequences), updated_at = \(ruleset.updatedAt)
                WHERE organization_id = \(ruleset.organizationID) AND id = \(ruleset.id)
                """
            )
        }
    }

    static func insert(_ ruleset: Ruleset, _ session: PostgresSession) async throws {
        let (rules, milestones, sequences) = RulesetJSON.texts(of: ruleset)
        try await session.query(
            """
            INSERT INTO rulesets (\(unescaped: rulesetColumns))
            VALUES (\(ruleset.organizationID), \(ruleset.id), \(ruleset.name), \(ruleset.unitID), \(ruleset.active), \(ruleset.windowDays),
                \(rules), \(milestones), \(sequences), \(ruleset.createdAt), \(ruleset.updatedAt))
            """
        )
    }

    static let rulesetColumns =
        "organization_id, id, name, unit_id, active, window_days, rules, milestones, sequences, created_at, updated_at"

    static func ruleset(_ row: PostgresRow) throws -> Ruleset {
        let (organizationID, id, name, unitID, active, windowDays, rules, milestones, sequences, createdAt, updatedAt) = try row.decode(
            (String, String, String, String?, Bool, Int?, String, String, String, Int64, Int64).self
        )
        func json(_ text: String) throws -> JSONValue { try JSONParser.parse(Array(text.utf8)) }
        return Ruleset(
            id: id,
            organizationID: organizationID,
            name: name,
            unitID: unitID,
            active: active,
            windowDays: windowDays,
            rules: try RulesetJSON.rules(json(rules)),
            milestones: try RulesetJSON.milestones(json(milestones)),
            sequences: try RulesetJSON.sequences(json(sequences)),
            createdAt: createdAt,
            updatedAt: updatedAt
        )
    }
}
