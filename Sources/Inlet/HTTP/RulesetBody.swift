/// Reads the fields of a ruleset's admin body that a creation sets and a
/// change replaces: `unit`, `active`, `windowDays`, `rules`, `milestones`,
/// `sequences`. A field left out stays as it is; `unit` or `windowDays` null
/// means every unit or no window.
enum RulesetBody {
    static let fields: Set<String> = ["unit", "active", "windowDays", "rules", "milestones", "sequences"]
    /// Longest window: ten years.
    static let maximumWindowDays = 3650

    static func definition(_ body: JSONObjectReader) throws -> TenancyService.RulesetDefinition {
        var definition = TenancyService.RulesetDefinition()
        if body.has("unit") { definition.unit = .some(try body.string("unit", maximumLength: 64)) }
        definition.active = try body.bool("active")
        if body.has("windowDays") { definition.windowDays = .some(try body.integer("windowDays", in: 1...maximumWindowDays)) }
        definition.rules = try body.value("rules").map { value throws(InletError) in try RulesetJSON.rules(value) }
        definition.milestones = try body.value("milestones").map { value throws(InletError) in try RulesetJSON.milestones(value) }
        definition.sequences = try body.value("sequences").map { value throws(InletError) in try RulesetJSON.sequences(value) }
        return definition
    }
}
