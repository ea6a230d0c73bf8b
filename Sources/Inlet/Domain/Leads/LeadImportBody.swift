/// The rows of `POST /import/events`: a JSON `{"events": [...]}`, or NDJSON
/// with one event per line, read line by line from the body as received.
public enum LeadImportBody {
    /// Rows an import takes at most.
    public static let maximumRows = 10_000

    /// A row: its line in an NDJSON body (1-based), and the event or why it is not one.
    public struct Row: Sendable {
        public var line: Int?
        public var event: Result<JSONValue, RowError>
    }

    /// The rows of `{"events": [...]}`; anything else is 400 `invalid_body`.
    public static func json(_ bytes: [UInt8]) throws(InletError) -> [Row] {
        let document: JSONValue
        do {
            document = try JSONParser.parse(bytes)
        } catch {
            throw InletError.invalidBody("The body is not valid JSON: \(error.description).")
        }
        guard case .object = document, let events = document["events"]?.arrayValue else {
            throw InletError.invalidBody("The body must be {\"events\": [...]}, or NDJSON with Content-Type application/x-ndjson.")
        }
        try requireCount(events.count)
        return events.map { Row(line: nil, event: .success($0)) }
    }

    /// The rows of an NDJSON body: each line that is not blank is a row; one
    /// that is not JSON is rejected `invalid_event` with its line.
    public static func ndjson(_ bytes: [UInt8]) throws(InletError) -> [Row] {
        var rows: [Row] = []
        var start = 0
        var line = 0
        while start < bytes.count {
            let end = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
            line += 1
            if bytes[start..<end].contains(where: { !isWhitespace($0) }) {
                guard rows.count < maximumRows else { throw tooMany }
                do {
                    rows.append(Row(line: line, event: .success(try JSONParser.parse(bytes, in: start..<end))))
                } catch {
                    rows.append(Row(line: line, event: .failure(RowError(.invalidEvent, "The line is not valid JSON: \(error.description)."))))
                }
            }
            start = end + 1
        }
        try requireCount(rows.count)
        return rows
    }

    private static let tooMany = InletError.invalidBody("An import takes at most \(maximumRows) rows.")

    /// From 1 to ``maximumRows`` rows.
    private static func requireCount(_ count: Int) throws(InletError) {
        if count > maximumRows { throw tooMany }
        if count == 0 { throw InletError.invalidBody("The import has no rows.") }
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A
    }
}
