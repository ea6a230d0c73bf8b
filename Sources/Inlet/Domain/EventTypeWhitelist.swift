/// An app's whitelist of event types: exact names, `prefix.*` patterns, or `*`.
public struct EventTypeWhitelist: Sendable, Equatable {
    let patterns: [String]

    public init(_ patterns: [String]) {
        self.patterns = patterns
    }

    /// Whether `eventType` is allowed. `ticket.*` matches `ticket.created` and
    /// `ticket.a.b` but not `ticket`.
    func allows(_ eventType: String) -> Bool {
        patterns.contains { Self.matches($0, eventType) }
    }

    /// Whether one pattern (an exact name, `prefix.*` or `*`) matches
    /// `eventType`; scoring rules and sequence steps are single patterns.
    static func matches(_ pattern: String, _ eventType: String) -> Bool {
        if pattern == "*" { return true }
        if pattern.hasSuffix(".*") {
            let prefix = pattern.dropLast()
            return eventType.count > prefix.count && eventType.hasPrefix(prefix)
        }
        return pattern == eventType
    }

    /// Whether `pattern` is a well-formed whitelist entry.
    static func isValidPattern(_ pattern: String) -> Bool {
        if pattern == "*" { return true }
        let name = pattern.hasSuffix(".*") ? String(pattern.dropLast(2)) : pattern
        return EventValidator.isValidEventType(name)
    }
}
