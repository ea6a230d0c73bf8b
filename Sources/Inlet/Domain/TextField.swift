/// The rule for free text that is stored in a column of its own (a category,
/// a client event id, an identifier, a name): 1 to a maximum of Unicode code
/// points, counted as JSON Schema's `maxLength` counts them, and no U+0000,
/// which PostgreSQL text cannot hold. Text inside metadata and metrics is
/// stored as escaped JSON and is not bound by it.
enum TextField {
    /// Whether `text` is 1 to `maximumLength` code points, none of them U+0000.
    static func isValid(_ text: String, maximumLength: Int) -> Bool {
        var count = 0
        for scalar in text.unicodeScalars {
            if scalar == "\u{0}" { return false }
            count += 1
        }
        return (1...maximumLength).contains(count)
    }
}
