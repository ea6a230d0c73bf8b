import HTTPTypes

extension HTTPFields {
    /// The value of the field `name` as the subscript reads it (the values of a
    /// repeated field joined by `, `, or `; ` for `Cookie`), without the
    /// subscript's generic joining, which costs microseconds on every request
    /// for the one field a request usually sends.
    func value(_ name: HTTPField.Name) -> String? {
        var value: String?
        for field in self where field.name == name {
            value = value.map { $0 + (name == .cookie ? "; " : ", ") + field.value } ?? field.value
        }
        return value
    }
}
