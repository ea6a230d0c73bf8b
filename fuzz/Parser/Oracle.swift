import Foundation
import Inlet

/// The properties every document must keep:
/// - parsing returns or throws, within half a second (no crash, no hang);
/// - an accepted document nests at most ``JSONParser/maximumDepth`` deep, and
///   writing it back with ``JSONWriter`` and parsing that gives the same value;
/// - the parser accepts exactly what Foundation's `JSONSerialization` accepts,
///   with the same value, except where RFC 8259 and this server's limits
///   differ from Foundation on purpose, or Foundation strays (counted as
///   known differences: nesting past the limit, a byte-order mark or UTF-16/32
///   text, numbers outside Double's range, trailing commas, U+FEFF inside a
///   string, long numbers Foundation rounds through `Decimal`);
/// - the NDJSON reader gives one row per line that is not blank, or refuses a
///   body without rows.
struct Oracle {
    /// Documents that broke a property, with why.
    private(set) var failures: [(reason: String, document: [UInt8])] = []
    private var checked = 0
    private var accepted = 0
    private var known: [String: Int] = [:]
    private var slowest: Duration = .zero

    /// Documents that test the edges directly.
    static let fixedCases: [[UInt8]] = [
        Array((String(repeating: "[", count: 64) + String(repeating: "]", count: 64)).utf8),
        Array((String(repeating: "[", count: 65) + String(repeating: "]", count: 65)).utf8),
        Array((String(repeating: "[", count: 100_000)).utf8),
        Array((String(repeating: #"{"a":"#, count: 70) + "1" + String(repeating: "}", count: 70)).utf8),
        Array(("[" + String(repeating: "1,", count: 200_000) + "1]").utf8),
        Array(#""\ud800""#.utf8), Array(#""\udc00\ud800""#.utf8), Array(#""\ud83d\ude00""#.utf8), [0x22, 0xED, 0xA0, 0x80, 0x22],
        [0xEF, 0xBB, 0xBF] + Array("{}".utf8), Array("1e400".utf8), Array("-1e-400".utf8), Array("123456789012345678901234567890".utf8),
        Array(#"{"a":1,"a":2}"#.utf8), Array("\"\u{0}\"".utf8), Array(#""\u0000""#.utf8), [], Array(" ".utf8),
    ]

    mutating func check(_ document: [UInt8]) {
        checked += 1
        let clock = ContinuousClock()
        var ours: Result<JSONValue, JSONParser.Failure>!
        let elapsed = clock.measure { ours = Result { () throws(JSONParser.Failure) in try JSONParser.parse(document) } }
        slowest = max(slowest, elapsed)
        if elapsed > .milliseconds(500) { fail("took \(elapsed) to parse", document) }
        checkNDJSON(document)
        let theirs = try? JSONSerialization.jsonObject(with: Data(document), options: [.fragmentsAllowed])
        switch (ours!, theirs) {
        case (.success(let value), let theirs):
            accepted += 1
            if value.depth > JSONParser.maximumDepth { fail("accepted nesting \(value.depth) deep", document) }
            if (try? JSONParser.parse(JSONWriter.bytes(value))) != value { fail("did not survive JSONWriter and back", document) }
            if let theirs {
                if !Self.same(value, theirs) {
                    if !Self.same(value, theirs, lenient: true) {
                        fail("accepted with a value other than Foundation's", document)
                    } else if document.contains(0xEF) && Self.same(value, theirs, lenient: true, exactNumbers: true) {
                        known["U+FEFF inside a string: kept as sent; Foundation drops it", default: 0] += 1
                    } else {
                        known[
                            "a long number: kept as sent (Double(text) rounds it correctly); Foundation's Decimal lands a double away",
                            default: 0
                        ] += 1
                    }
                }
            } else if Self.hasNumberOutsideDouble(value) {
                known["a number outside Double's range: accepted and kept as text; Foundation refuses", default: 0] += 1
            } else {
                fail("accepted what Foundation refuses", document)
            }
        case (.failure(let failure), .some):
            if failure.description.hasPrefix("nesting deeper") {
                known["nesting deeper than \(JSONParser.maximumDepth): refused; Foundation accepts", default: 0] += 1
            } else if document.starts(with: [0xEF, 0xBB, 0xBF]) || document.prefix(4).contains(0) {
                known["a byte-order mark or UTF-16/32 text: refused; Foundation decodes it", default: 0] += 1
            } else if let theirs = theirs, let fixed = try? JSONParser.parse(Self.withoutTrailingCommas(document)),
                Self.same(fixed, theirs, lenient: true)
            {
                known["a trailing comma: refused, as RFC 8259 says; Foundation accepts it", default: 0] += 1
            } else {
                fail("refused what Foundation accepts (\(failure.description))", document)
            }
        case (.failure, nil):
            break
        }
    }

    private mutating func checkNDJSON(_ document: [UInt8]) {
        let lines = document.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        let rows = lines.count { line in line.contains { ![0x20, 0x09, 0x0D].contains($0) } }
        do {
            let read = try LeadImportBody.ndjson(document)
            if read.count != rows { fail("NDJSON gave \(read.count) rows for \(rows) lines", document) }
        } catch {
            if rows > 0 && rows <= LeadImportBody.maximumRows { fail("NDJSON refused \(rows) lines: \(error.message)", document) }
        }
    }

    private mutating func fail(_ reason: String, _ document: [UInt8]) {
        failures.append((reason, document))
    }

    /// Whether `ours` and Foundation's `theirs` are the same JSON value:
    /// strings by code point, numbers by value, objects by member (the last of
    /// a repeated name, as Foundation keeps it).
    ///
    /// `lenient` forgives the known differences: U+FEFF in strings, and (unless
    /// `exactNumbers`) numbers a few units in the last place apart.
    static func same(_ ours: JSONValue, _ theirs: Any, lenient: Bool = false, exactNumbers: Bool = false) -> Bool {
        switch ours {
        case .null: return theirs is NSNull
        case .bool(let flag): return (theirs as? NSNumber)?.boolValue == flag || (theirs as? Bool) == flag
        case .number(let text):
            guard let number = theirs as? NSNumber, let value = Double(text) else { return false }
            if number.doubleValue == value { return true }
            return lenient && !exactNumbers && (number.doubleValue - value).magnitude <= value.magnitude * 1e-14
        case .string(let text):
            guard let other = theirs as? String else { return false }
            return scalars(text, lenient) == scalars(other, lenient)
        case .array(let items):
            guard let others = theirs as? [Any], others.count == items.count else { return false }
            return zip(items, others).allSatisfy { same($0, $1, lenient: lenient, exactNumbers: exactNumbers) }
        case .object(let members):
            guard let theirs = theirs as? [String: Any] else { return false }
            let others = Dictionary(theirs.map { (key(of: $0.key, lenient), $0.value) }, uniquingKeysWith: { $1 })
            let last = Dictionary(members.map { (key(of: $0.0, lenient), $0.1) }, uniquingKeysWith: { $1 })
            return last.count == others.count
                && last.allSatisfy { key, value in others[key].map { same(value, $0, lenient: lenient, exactNumbers: exactNumbers) } ?? false }
        }
    }

    private static func key(of name: String, _ withoutBOM: Bool) -> String {
        String(String.UnicodeScalarView(scalars(name, withoutBOM)))
    }

    private static func scalars(_ text: String, _ withoutBOM: Bool) -> [Unicode.Scalar] {
        text.unicodeScalars.filter { !withoutBOM || $0 != "\u{FEFF}" }
    }

    /// `document` without the commas, outside strings, that stand just before
    /// a `]` or `}` (whitespace between).
    static func withoutTrailingCommas(_ document: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        var inString = false
        var escaped = false
        for byte in document {
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
            } else if byte == UInt8(ascii: "\"") {
                inString = true
            } else if byte == UInt8(ascii: "]") || byte == UInt8(ascii: "}"),
                let comma = output.lastIndex(where: { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }), output[comma] == UInt8(ascii: ",")
            {
                output.remove(at: comma)
            }
            output.append(byte)
        }
        return output
    }

    private static func hasNumberOutsideDouble(_ value: JSONValue) -> Bool {
        switch value {
        case .number(let text): return !(Double(text)?.isFinite ?? false) || (Double(text) == 0 && text.contains(where: { "123456789".contains($0) }))
        case .array(let items): return items.contains(where: hasNumberOutsideDouble)
        case .object(let members): return members.contains { hasNumberOutsideDouble($0.1) }
        default: return false
        }
    }

    func summary(seed: UInt64, seconds: Double) -> String {
        var lines = [
            "inlet-fuzz: \(checked) documents in \(Int(seconds)) s (seed \(seed)): \(accepted) accepted, slowest parse \(slowest),"
                + " \(failures.count) broke a property"
        ]
        lines += known.sorted { $0.key < $1.key }.map { "  known difference, \($0.value)×: \($0.key)" }
        for (reason, document) in failures.prefix(20) {
            let shown = document.count > 600 ? Array(document.prefix(300)) + Array(" … ".utf8) + Array(document.suffix(300)) : document
            lines.append("  FAILED: \(reason) (\(document.count) bytes): \(String(decoding: shown, as: UTF8.self).debugDescription)")
        }
        return lines.joined(separator: "\n")
    }
}
