/// Encodes an `Encodable` wire shape into a ``JSONValue``, keeping each
/// object's members in the order its `encode(to:)` writes them (for a
/// synthesized conformance, the order the properties are declared), so that
/// an answer reads the same on every run. Foundation's `JSONEncoder` orders
/// members by hash on Linux.
///
/// An absent optional is written as `null`, as the API's shapes document
/// their members; an ``Omissible`` member is left out when absent. A
/// ``JSONValue`` member is taken as it is.
struct JSONValueEncoder {
    func encode(_ value: some Encodable) throws -> JSONValue {
        let root = Node()
        try root.put(value, codingPath: [])
        return root.value
    }
}

/// A member that is left out of its object when absent, rather than written
/// as `null` (a secret shown only once, say).
struct Omissible<Wrapped: Encodable>: Encodable {
    var value: Wrapped?

    init(_ value: Wrapped?) {
        self.value = value
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}

/// What ``JSONValueEncoder`` asks of an ``Omissible`` member without knowing its type.
private protocol OmissibleMember {
    var isAbsent: Bool { get }
}

extension Omissible: OmissibleMember {
    var isAbsent: Bool { value == nil }
}

extension JSONValue: Encodable {
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .null:
            var container = encoder.singleValueContainer()
            try container.encodeNil()
        case .bool(let value):
            var container = encoder.singleValueContainer()
            try container.encode(value)
        case .number(let text):
            // Only ``JSONValueEncoder`` keeps a number's text; another encoder gets its value.
            var container = encoder.singleValueContainer()
            if let integer = Int64(text) { try container.encode(integer) } else { try container.encode(Double(text) ?? 0) }
        case .string(let value):
            var container = encoder.singleValueContainer()
            try container.encode(value)
        case .array(let items):
            var container = encoder.unkeyedContainer()
            for item in items { try container.encode(item) }
        case .object(let members):
            var container = encoder.container(keyedBy: MemberKey.self)
            for (key, value) in members { try container.encode(value, forKey: MemberKey(stringValue: key)) }
        }
    }

    private struct MemberKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}

/// A value being built: a leaf, or an object or array whose members are
/// values or nodes still being filled by their containers.
private final class Node {
    private enum Member {
        case value(JSONValue)
        case node(Node)

        var value: JSONValue {
            switch self {
            case .value(let value): value
            case .node(let node): node.value
            }
        }
    }

    private enum Content {
        case leaf(JSONValue)
        case object([(String, Member)])
        case array([Member])
    }

    private var content = Content.leaf(.null)

    var value: JSONValue {
        switch content {
        case .leaf(let value): value
        case .object(let members): .object(members.map { ($0.0, $0.1.value) })
        case .array(let items): .array(items.map(\.value))
        }
    }

    func set(_ value: JSONValue) {
        content = .leaf(value)
    }

    /// Sets this node to `value`.
    func put(_ value: some Encodable, codingPath: [any CodingKey]) throws {
        if let leaf = try Self.leaf(value, codingPath: codingPath) {
            set(leaf)
        } else {
            try value.encode(to: NodeEncoder(node: self, codingPath: codingPath))
        }
    }

    /// `value` when it needs no container: a ``JSONValue`` or a number. Each
    /// number type encodes itself through a container whose generic `encode`
    /// would come back here.
    static func leaf(_ value: some Encodable, codingPath: [any CodingKey]) throws -> JSONValue? {
        switch value {
        case let json as JSONValue: return json
        case let integer as any BinaryInteger: return .number("\(integer)")
        case let number as any BinaryFloatingPoint:
            let double = Double(number)
            guard double.isFinite else {
                throw EncodingError.invalidValue(double, .init(codingPath: codingPath, debugDescription: "JSON has no infinity or NaN."))
            }
            return .double(double)
        default: return nil
        }
    }

    func makeObject() {
        if case .object = content { return }
        content = .object([])
    }

    func makeArray() {
        if case .array = content { return }
        content = .array([])
    }

    /// Sets the member `key` of this object, replacing one of the same key.
    func setMember(_ key: String, _ value: JSONValue) {
        setMember(key, .value(value))
    }

    /// A new node as the member `key` of this object.
    func member(_ key: String) -> Node {
        let node = Node()
        setMember(key, .node(node))
        return node
    }

    private func setMember(_ key: String, _ member: Member) {
        guard case .object(var members) = content else { return }
        content = .leaf(.null)  // so that `members` is changed in place
        if let index = members.firstIndex(where: { $0.0 == key }) { members[index].1 = member } else { members.append((key, member)) }
        content = .object(members)
    }

    /// Appends `value` to this array.
    func append(_ value: JSONValue) {
        append(.value(value))
    }

    /// A new node at the end of this array.
    func element() -> Node {
        let node = Node()
        append(.node(node))
        return node
    }

    private func append(_ member: Member) {
        guard case .array(var items) = content else { return }
        content = .leaf(.null)
        items.append(member)
        content = .array(items)
    }

    var count: Int {
        if case .array(let items) = content { return items.count }
        return 0
    }
}

private struct NodeEncoder: Encoder {
    let node: Node
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        node.makeObject()
        return KeyedEncodingContainer(KeyedNodeContainer<Key>(node: node, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        node.makeArray()
        return UnkeyedNodeContainer(node: node, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleNodeContainer(node: node, codingPath: codingPath)
    }
}

private struct KeyedNodeContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: Node
    let codingPath: [any CodingKey]

    mutating func encodeNil(forKey key: Key) throws { node.setMember(key.stringValue, .null) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { node.setMember(key.stringValue, .bool(value)) }
    mutating func encode(_ value: String, forKey key: Key) throws { node.setMember(key.stringValue, .string(value)) }

    /// Every other type, numbers among them.
    mutating func encode(_ value: some Encodable, forKey key: Key) throws {
        if let member = value as? any OmissibleMember, member.isAbsent { return }
        if let leaf = try Node.leaf(value, codingPath: codingPath + [key]) {
            node.setMember(key.stringValue, leaf)
        } else {
            try node.member(key.stringValue).put(value, codingPath: codingPath + [key])
        }
    }

    // An absent optional is written as null, not left out.
    mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws { try put(value, key) }
    mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws { try put(value, key) }
    mutating func encodeIfPresent(_ value: Double?, forKey key: Key) throws { try put(value, key) }
    mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws { try put(value, key) }
    mutating func encodeIfPresent(_ value: Int64?, forKey key: Key) throws { try put(value, key) }
    mutating func encodeIfPresent(_ value: (some Encodable)?, forKey key: Key) throws { try put(value, key) }

    private mutating func put(_ value: (some Encodable)?, _ key: Key) throws {
        if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) }
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let member = node.member(key.stringValue)
        member.makeObject()
        return KeyedEncodingContainer(KeyedNodeContainer<NestedKey>(node: member, codingPath: codingPath + [key]))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let member = node.member(key.stringValue)
        member.makeArray()
        return UnkeyedNodeContainer(node: member, codingPath: codingPath + [key])
    }

    mutating func superEncoder() -> any Encoder { NodeEncoder(node: node.member("super"), codingPath: codingPath) }
    mutating func superEncoder(forKey key: Key) -> any Encoder { NodeEncoder(node: node.member(key.stringValue), codingPath: codingPath + [key]) }
}

private struct UnkeyedNodeContainer: UnkeyedEncodingContainer {
    let node: Node
    let codingPath: [any CodingKey]
    var count: Int { node.count }

    mutating func encodeNil() throws { node.append(.null) }
    mutating func encode(_ value: Bool) throws { node.append(.bool(value)) }
    mutating func encode(_ value: String) throws { node.append(.string(value)) }

    mutating func encode(_ value: some Encodable) throws {
        if let leaf = try Node.leaf(value, codingPath: codingPath) {
            node.append(leaf)
        } else {
            try node.element().put(value, codingPath: codingPath)
        }
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let element = node.element()
        element.makeObject()
        return KeyedEncodingContainer(KeyedNodeContainer<NestedKey>(node: element, codingPath: codingPath))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let element = node.element()
        element.makeArray()
        return UnkeyedNodeContainer(node: element, codingPath: codingPath)
    }

    mutating func superEncoder() -> any Encoder { NodeEncoder(node: node.element(), codingPath: codingPath) }
}

private struct SingleNodeContainer: SingleValueEncodingContainer {
    let node: Node
    let codingPath: [any CodingKey]

    mutating func encodeNil() throws { node.set(.null) }
    mutating func encode(_ value: Bool) throws { node.set(.bool(value)) }
    mutating func encode(_ value: String) throws { node.set(.string(value)) }
    mutating func encode(_ value: some Encodable) throws { try node.put(value, codingPath: codingPath) }
}
