/// Reads the fields of a ruleset's admin body that a creation sets and a
/// change replaces: `unit`, `active`, `windowDays`, `rules`, `milestones`,
/// `sequences`. A field left out stays as it is; `unit` or `windowDays` null
/// means every unit or no window.
enum RulesetBody {
    static let fields: Set<String> = ["unit", "active", "windowDays", "rules", "milestones", "sequences"]
    /// Longest window: ten years.
    static let maximumWindowDays = 3650

    /// A creation's body: its `name` (required) and the fields above.
    static func creation(_ json: JSONValue) throws -> (name: String, definition: TenancyService.RulesetDefinition) {
        let body = try JSONObjectReader(json, allowed: fields.union(["name"]))
        guard let name = try body.string("name", maximumLength: 64) else { throw InletError.invalidBody("'name' is required.") }
        return (name, try definition(body))
    }

    /// A change's body: the fields above.
    static func change(_ json: JSONValue) throws -> TenancyService.RulesetDefinition {
        try definition(try JSONObjectReader(json, allowed: fields))
    }

    private static func definition(_ body: JSONObjectReader) throws -> TenancyService.RulesetDefinition {
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
