extension TenancyService {
    /// What a ruleset's creation sets, or a change replaces (nil: left as it is).
    struct RulesetDefinition: Sendable {
        /// `.some(nil)`: every unit.
        var unit: String??
        var active: Bool?
        /// `.some(nil)`: no window.
        var windowDays: Int??
        var rules: [ScoringRule]?
        var milestones: [Milestone]?
        var sequences: [EventSequence]?
    }

    /// Creates a ruleset: active unless said otherwise, for every unit and
    /// without a window unless given.
    func createRuleset(organization idOrSlug: String, name: String, _ definition: RulesetDefinition) async throws -> Ruleset {
        let organization = try await organization(idOrSlug)
        let now = clock.nowMillis()
        var ruleset = Ruleset(
            id: ids.make(.ruleset),
            organizationID: organization.id,
            name: name,
            unitID: nil,
            active: true,
            windowDays: nil,
            rules: [],
            milestones: [],
            sequences: [],
            createdAt: now,
            updatedAt: now
        )
        try await apply(definition, to: &ruleset)
        try await translatingConflicts("A ruleset named '\(name)' already exists in this organization.") {
            try await store.insert(ruleset)
        }
        return ruleset
    }

    /// The ruleset with this id or name in an organization, or 404.
    func ruleset(organization idOrSlug: String, ruleset idOrName: String) async throws -> Ruleset {
        let organization = try await organization(idOrSlug)
        guard let ruleset = try await store.ruleset(idOrName, organizationID: organization.id) else {
            throw InletError.notFound("Ruleset '\(idOrName.prefix(64))'")
        }
        return ruleset
    }

    /// The organization's rulesets, the built-in one first.
    func rulesets(organization idOrSlug: String) async throws -> [Ruleset] {
        try await store.rulesets(organizationID: try await organization(idOrSlug).id)
    }

    /// Changes a ruleset; deactivating is `active: false`.
    func updateRuleset(organization: String, ruleset idOrName: String, _ definition: RulesetDefinition) async throws -> Ruleset {
        var ruleset = try await ruleset(organization: organization, ruleset: idOrName)
        if ruleset.id == Ruleset.activityID, case .some(.some) = definition.unit {
            throw InletError.invalidBody("The built-in ruleset scores every unit and the Ingest API v1; it takes no 'unit'.")
        }
        try await apply(definition, to: &ruleset)
        ruleset.updatedAt = clock.nowMillis()
        try await store.update(ruleset)
        return ruleset
    }

    private func apply(_ definition: RulesetDefinition, to ruleset: inout Ruleset) async throws {
        if let unit = definition.unit {
            if let unit, try await !store.units(organizationID: ruleset.organizationID).contains(where: { $0.id == unit }) {
                throw InletError.notFound("Unit '\(unit.prefix(64))'")
            }
            ruleset.unitID = unit
        }
        if let active = definition.active { ruleset.active = active }
        if let windowDays = definition.windowDays { ruleset.windowDays = windowDays }
        if let rules = definition.rules { ruleset.rules = rules }
        if let milestones = definition.milestones { ruleset.milestones = milestones }
        if let sequences = definition.sequences { ruleset.sequences = sequences }
    }
}
