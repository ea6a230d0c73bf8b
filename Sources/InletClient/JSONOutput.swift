import Foundation

/// JSON text written straight into bytes: the encoder's output, and the fast
/// path of events, which the buffered sender encodes by the thousand.
struct JSONOutput {
    var bytes: [UInt8] = []

    mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    mutating func raw(_ text: String) {
        bytes.append(contentsOf: text.utf8)
    }

    /// A string, quoted and escaped; runs that need no escaping are copied whole.
    mutating func string(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            var start = 0
            for (index, byte) in utf8.enumerated() where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index]))
                escape(byte)
                start = index + 1
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...]))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private mutating func escape(_ byte: UInt8) {
        switch byte {
        case UInt8(ascii: "\""): raw(#"\""#)
        case UInt8(ascii: "\\"): raw(#"\\"#)
        case 0x0A: raw(#"\n"#)
        case 0x0D: raw(#"\r"#)
        case 0x09: raw(#"\t"#)
        default:
            let hex = String(byte, radix: 16)
            raw("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
        }
    }

    /// A number; throws for NaN and infinities, which JSON cannot hold.
    mutating func number(_ value: Double) throws {
        raw(try Self.text(of: value))
    }

    /// A number's JSON text: whole numbers without a fraction.
    static func text(of value: Double, codingPath: [any CodingKey] = []) throws -> String {
        guard value.isFinite else {
            throw EncodingError.invalidValue(value, .init(codingPath: codingPath, debugDescription: "JSON has no \(value)."))
        }
        return value.rounded() == value && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }

    mutating func value(_ value: JSONValue) throws {
        switch value {
        case .null: raw("null")
        case .bool(let flag): raw(flag ? "true" : "false")
        case .integer(let number): raw(String(number))
        case .number(let number): try self.number(number)
        case .string(let text): string(text)
        case .array(let items):
            bytes.append(UInt8(ascii: "["))
            for (offset, item) in items.enumerated() {
                if offset > 0 { bytes.append(UInt8(ascii: ",")) }
                try self.value(item)
            }
            bytes.append(UInt8(ascii: "]"))
        case .object(let members):
            bytes.append(UInt8(ascii: "{"))
            for (offset, member) in members.enumerated() {
                if offset > 0 { bytes.append(UInt8(ascii: ",")) }
                string(member.name)
                bytes.append(UInt8(ascii: ":"))
                try self.value(member.value)
            }
            bytes.append(UInt8(ascii: "}"))
        }
    }

    /// An object member's name and colon, after a comma unless it is the first.
    mutating func member(_ name: StaticString, first: Bool = false) {
        if !first { bytes.append(UInt8(ascii: ",")) }
        bytes.append(UInt8(ascii: "\""))
        raw(name)
        raw("\":")
    }
}

extension Event {
    /// The event as JSON, members in the order `Encodable` gives them.
    func json() throws -> [UInt8] {
        var output = JSONOutput()
        output.bytes.reserveCapacity(160)
        output.raw("{")
        output.member("eventType", first: true)
        output.string(eventType)
        output.member("category")
        output.string(category)
        output.member("actor")
        output.raw("{")
        var first = true
        for (name, value) in [("workerId" as StaticString, actor.workerID), ("externalId", actor.externalID), ("email", actor.email)] {
            guard let value else { continue }
            output.member(name, first: first)
            output.string(value)
            first = false
        }
        output.raw("}")
        if let timestamp {
            output.member("timestamp")
            output.string(OrderedJSONEncoder.timestamp(timestamp))
        }
        if let duration {
            output.member("duration")
            try output.number(duration)
        }
        if let metadata {
            output.member("metadata")
            try output.value(metadata)
        }
        if let id {
            output.member("id")
            output.string(id)
        }
        output.raw("}")
        return output.bytes
    }
}
