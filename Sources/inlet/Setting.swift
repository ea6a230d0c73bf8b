import Foundation

/// A setting of `inlet serve`, read from its flag when given, else from its
/// `INLET_*` variable, and checked the same way from either: a value that does
/// not parse, or is out of range, is an ``InvalidSetting`` naming where it came
/// from and what is expected. Nothing falls back to a default silently.
struct Setting<Value> {
    /// The flag, `--port`.
    let flag: String
    /// The variable, `INLET_PORT`.
    let variable: String
    /// What a valid value is, for the message: "a port number from 0 to 65535".
    let expected: String
    let parse: (String) -> Value?
    var isValid: (Value) -> Bool = { _ in true }

    /// The flag's value, else the variable's, else nil.
    func read(_ flagValue: Value?, environment: [String: String] = ProcessInfo.processInfo.environment) throws(InvalidSetting) -> Value? {
        if let flagValue {
            guard isValid(flagValue) else { throw InvalidSetting(source: flag, value: "\(flagValue)", expected: expected) }
            return flagValue
        }
        guard let text = environment[variable], !text.isEmpty else { return nil }
        guard let value = parse(text), isValid(value) else { throw InvalidSetting(source: variable, value: text, expected: expected) }
        return value
    }
}

extension Setting where Value == Int {
    /// A whole number of at least `minimum`.
    static func integer(_ flag: String, _ variable: String, atLeast minimum: Int, _ what: String) -> Setting {
        Setting(
            flag: flag,
            variable: variable,
            expected: "a whole number of \(what), at least \(minimum)",
            parse: { Int($0) },
            isValid: { $0 >= minimum }
        )
    }
}

extension Setting where Value == Double {
    /// A number of seconds greater than zero.
    static func seconds(_ flag: String, _ variable: String) -> Setting {
        Setting(
            flag: flag,
            variable: variable,
            expected: "a number of seconds greater than 0",
            parse: { Double($0) },
            isValid: { $0 > 0 && $0.isFinite }
        )
    }
}

extension Setting where Value == String {
    /// Text, taken as given.
    static func text(_ flag: String, _ variable: String) -> Setting {
        Setting(flag: flag, variable: variable, expected: "text", parse: { $0 })
    }

    /// One of `choices`.
    static func choice(_ flag: String, _ variable: String, _ choices: [String]) -> Setting {
        Setting(
            flag: flag,
            variable: variable,
            expected: "one of " + choices.joined(separator: ", "),
            parse: { $0 },
            isValid: { choices.contains($0) }
        )
    }
}

/// A setting whose value is refused; its description is the one line the
/// process prints before it exits with status 64.
struct InvalidSetting: Error, CustomStringConvertible {
    let description: String

    init(source: String, value: String, expected: String) {
        description = "\(source)='\(value)' is not valid: expected \(expected)."
    }

    /// A refusal whose `problem` says what is wrong without repeating the
    /// value (a database URL may hold a password).
    init(source: String, problem: String) {
        description = "\(source): \(problem)"
    }
}
