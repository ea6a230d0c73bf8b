/// Writes a JSON object member by member at the end of a byte array, in the
/// order given: for answers with a member per row, which would otherwise be
/// built as a ``JSONValue`` tree only to be serialized once. Objects nest by
/// writing one inside a member's value.
struct JSONObjectWriter {
    private var empty = true

    /// Opens an object at the end of `output`.
    init(into output: inout [UInt8]) {
        output.append(UInt8(ascii: "{"))
    }

    /// Appends a member whose value is `value`.
    mutating func member(_ key: String, _ value: JSONValue, into output: inout [UInt8]) {
        member(key, into: &output) { JSONWriter.write(value, into: &$0) }
    }

    /// Appends a member whose value `writeValue` appends.
    mutating func member(_ key: String, into output: inout [UInt8], _ writeValue: (inout [UInt8]) -> Void) {
        if !empty { output.append(UInt8(ascii: ",")) }
        empty = false
        JSONWriter.write(.string(key), into: &output)
        output.append(UInt8(ascii: ":"))
        writeValue(&output)
    }

    /// Closes the object.
    func close(_ output: inout [UInt8]) {
        output.append(UInt8(ascii: "}"))
    }
}
