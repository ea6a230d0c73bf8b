/// The members of the admin API's bodies, read with the messages the API
/// documents: each names the member and what it must be. A member sent as
/// `null` reads as absent, except where a reader says otherwise.
extension KeyedDecodingContainer {
    /// A string of 1 to `maximumLength` characters, as ``TextField`` reads them.
    func text(_ key: Key, maximumLength: Int = 128) throws -> String {
        guard let text = try textIfPresent(key, maximumLength: maximumLength) else { throw required(key) }
        return text
    }

    /// ``text(_:maximumLength:)``, or nil when absent or null.
    func textIfPresent(_ key: Key, maximumLength: Int = 128) throws -> String? {
        guard let value = try present(key) else { return nil }
        guard let text = value.stringValue, TextField.isValid(text, maximumLength: maximumLength) else {
            throw InletError.invalidBody("'\(name(key))' must be a string of 1-\(maximumLength) characters, without U+0000.")
        }
        return text
    }

    /// A whole number within `range`, written as an integer or without a
    /// fraction (`610.0`, `6.1e2`); nil when absent or null.
    func wholeNumberIfPresent(_ key: Key, in range: ClosedRange<Int>) throws -> Int? {
        guard try present(key) != nil else { return nil }
        guard let number = try? decode(Int.self, forKey: key), range.contains(number) else {
            throw InletError.invalidBody("'\(name(key))' must be a whole number from \(range.lowerBound) to \(range.upperBound).")
        }
        return number
    }

    /// true or false; nil when absent or null.
    func flagIfPresent(_ key: Key) throws -> Bool? {
        guard try present(key) != nil else { return nil }
        guard let flag = try? decode(Bool.self, forKey: key) else { throw InletError.invalidBody("'\(name(key))' must be true or false.") }
        return flag
    }

    /// An array of at most 1 000 strings; nil when absent (null is refused).
    func stringsIfPresent(_ key: Key) throws -> [String]? {
        guard contains(key) else { return nil }
        guard let strings = try? decode([String].self, forKey: key), strings.count <= 1000 else {
            throw InletError.invalidBody("'\(name(key))' must be an array of strings.")
        }
        return strings
    }

    /// ``stringsIfPresent(_:)``, required.
    func strings(_ key: Key) throws -> [String] {
        guard let strings = try stringsIfPresent(key) else { throw required(key) }
        return strings
    }

    /// The member as the client sent it, `null` included; nil when absent.
    func jsonIfPresent(_ key: Key) throws -> JSONValue? {
        contains(key) ? try decode(JSONValue.self, forKey: key) : nil
    }

    /// What a change does to a member: `.keep` when the body leaves it out,
    /// `.set` with what `read` makes of it (nil for `null`) when it is sent.
    func change<Value>(_ key: Key, _ read: (Key) throws -> Value?) throws -> Change<Value> {
        contains(key) ? .set(try read(key)) : .keep
    }

    private func present(_ key: Key) throws -> JSONValue? {
        guard contains(key), try !decodeNil(forKey: key) else { return nil }
        return try decode(JSONValue.self, forKey: key)
    }

    private func name(_ key: Key) -> String {
        memberName(codingPath + [key])
    }

    private func required(_ key: Key) -> InletError {
        InletError.invalidBody("'\(name(key))' is required.")
    }
}

/// A member of a change's body: left as it is, or set (to nil for `null`).
enum Change<Value> {
    case keep
    case set(Value?)

    /// Writes the new value into `target` when the body set one.
    func apply(to target: inout Value?) {
        if case .set(let value) = self { target = value }
    }
}
