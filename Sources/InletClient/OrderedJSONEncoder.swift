import Foundation

/// Encodes `Encodable` values to JSON, keeping object members in the order
/// they are encoded (`JSONEncoder` does not): snapshot metrics and metadata
/// reach the server in the caller's order. Dates are RFC 3339 UTC with
/// milliseconds.
struct OrderedJSONEncoder {
    func encode(_ value: some Encodable) throws -> [UInt8] {
        let root = Node()
        try TreeEncoder(node: root, codingPath: []).encodeValue(value)
        var output = JSONOutput()
        try root.write(into: &output)
        return output.bytes
    }

    /// RFC 3339 UTC with milliseconds, as the server writes its own timestamps.
    static func timestamp(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted))
    }
}

/// One value of the tree being encoded.
private final class Node {
    enum Content {
        case empty
        case literal(String)
        case string(String)
        case array([Node])
        case object([(String, Node)])
    }

    var content = Content.empty

    func write(into output: inout JSONOutput) throws {
        switch content {
        case .empty:
            output.raw("null")
        case .literal(let text):
            output.raw(text)
        case .string(let text):
            output.string(text)
        case .array(let items):
            output.raw("[")
            for (offset, item) in items.enumerated() {
                if offset > 0 { output.raw(",") }
                try item.write(into: &output)
            }
            output.raw("]")
        case .object(let members):
            output.raw("{")
            for (offset, member) in members.enumerated() {
                if offset > 0 { output.raw(",") }
                output.string(member.0)
                output.raw(":")
                try member.1.write(into: &output)
            }
            output.raw("}")
        }
    }
}

private struct TreeEncoder: Encoder, SingleValueEncodingContainer {
    let node: Node
    var codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if case .object = node.content {} else { node.content = .object([]) }
        return KeyedEncodingContainer(KeyedContainer<Key>(node: node, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if case .array = node.content {} else { node.content = .array([]) }
        return UnkeyedContainer(node: node, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { self }

    func encodeValue(_ value: some Encodable) throws {
        switch value {
        case let date as Date: node.content = .string(OrderedJSONEncoder.timestamp(date))
        case let url as URL: node.content = .string(url.absoluteString)
        default: try value.encode(to: self)
        }
    }

    func encodeNil() throws { node.content = .literal("null") }
    func encode(_ value: Bool) throws { node.content = .literal(value ? "true" : "false") }
    func encode(_ value: String) throws { node.content = .string(value) }
    func encode(_ value: Double) throws { node.content = .literal(try JSONOutput.text(of: value, codingPath: codingPath)) }
    func encode(_ value: Float) throws { try encode(Double(value)) }
    func encode(_ value: Int) throws { node.content = .literal(String(value)) }
    func encode(_ value: Int8) throws { node.content = .literal(String(value)) }
    func encode(_ value: Int16) throws { node.content = .literal(String(value)) }
    func encode(_ value: Int32) throws { node.content = .literal(String(value)) }
    func encode(_ value: Int64) throws { node.content = .literal(String(value)) }
    func encode(_ value: UInt) throws { node.content = .literal(String(value)) }
    func encode(_ value: UInt8) throws { node.content = .literal(String(value)) }
    func encode(_ value: UInt16) throws { node.content = .literal(String(value)) }
    func encode(_ value: UInt32) throws { node.content = .literal(String(value)) }
    func encode(_ value: UInt64) throws { node.content = .literal(String(value)) }
    func encode<T: Encodable>(_ value: T) throws { try encodeValue(value) }
}

private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: Node
    var codingPath: [any CodingKey]

    private func child(_ key: Key) -> Node {
        let child = Node()
        if case .object(var members) = node.content {
            members.removeAll { $0.0 == key.stringValue }
            members.append((key.stringValue, child))
            node.content = .object(members)
        }
        return child
    }

    private func encoder(_ key: Key) -> TreeEncoder { TreeEncoder(node: child(key), codingPath: codingPath + [key]) }

    mutating func encodeNil(forKey key: Key) throws { try encoder(key).encodeNil() }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { try encoder(key).encodeValue(value) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        encoder(key).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer { encoder(key).unkeyedContainer() }
    mutating func superEncoder() -> any Encoder { encoder(Key(stringValue: "super")!) }
    mutating func superEncoder(forKey key: Key) -> any Encoder { encoder(key) }
}

private struct UnkeyedContainer: UnkeyedEncodingContainer {
    let node: Node
    var codingPath: [any CodingKey]
    var count: Int {
        if case .array(let items) = node.content { return items.count }
        return 0
    }

    private func encoder() -> TreeEncoder {
        let child = Node()
        if case .array(var items) = node.content {
            items.append(child)
            node.content = .array(items)
        }
        return TreeEncoder(node: child, codingPath: codingPath + [AnyKey("\(count)")])
    }

    mutating func encodeNil() throws { try encoder().encodeNil() }
    mutating func encode<T: Encodable>(_ value: T) throws { try encoder().encodeValue(value) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        encoder().container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer { encoder().unkeyedContainer() }
    mutating func superEncoder() -> any Encoder { encoder() }
}
