/// The members of a ruleset's admin body that a creation sets and a change
/// replaces: `unit`, `active`, `windowDays`, `rules`, `milestones`,
/// `sequences`. A member left out stays as it is; `unit` or `windowDays`
/// null means every unit or no window.
protocol RulesetDefinitionKeys: CodingKey {
    static var unit: Self { get }
    static var active: Self { get }
    static var windowDays: Self { get }
    static var rules: Self { get }
    static var milestones: Self { get }
    static var sequences: Self { get }
}

/// A ruleset's creation: its `name` and the definition's members.
struct NewRuleset: Decodable {
    var name: String
    var definition: TenancyService.RulesetDefinition

    enum CodingKeys: String, RulesetDefinitionKeys, CaseIterable {
        case name, unit, active, windowDays, rules, milestones, sequences
    }

    init(from decoder: any Decoder) throws {
        let body = try decoder.container(keyedBy: CodingKeys.self)
        name = try body.text(.name, maximumLength: 64)
        definition = try body.rulesetDefinition()
    }
}

/// A ruleset's change: the definition's members it sends.
struct RulesetChange: Decodable {
    var definition: TenancyService.RulesetDefinition

    enum CodingKeys: String, RulesetDefinitionKeys, CaseIterable {
        case unit, active, windowDays, rules, milestones, sequences
    }

    init(from decoder: any Decoder) throws {
        definition = try decoder.container(keyedBy: CodingKeys.self).rulesetDefinition()
    }
}

extension KeyedDecodingContainer where Key: RulesetDefinitionKeys {
    func rulesetDefinition() throws -> TenancyService.RulesetDefinition {
        var definition = TenancyService.RulesetDefinition()
        if contains(.unit) { definition.unit = .some(try textIfPresent(.unit, maximumLength: 64)) }
        definition.active = try flagIfPresent(.active)
        if contains(.windowDays) { definition.windowDays = .some(try wholeNumberIfPresent(.windowDays, in: 1...Ruleset.maximumWindowDays)) }
        definition.rules = try jsonIfPresent(.rules).map { value throws(InletError) in try RulesetJSON.rules(value) }
        definition.milestones = try jsonIfPresent(.milestones).map { value throws(InletError) in try RulesetJSON.milestones(value) }
        definition.sequences = try jsonIfPresent(.sequences).map { value throws(InletError) in try RulesetJSON.sequences(value) }
        return definition
    }
}
