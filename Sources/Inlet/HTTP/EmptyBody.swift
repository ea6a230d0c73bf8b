/// The body of a write that takes no members: `{}`, or none at all.
struct EmptyBody: Decodable {
    init(from decoder: any Decoder) throws {
        _ = try decoder.container(keyedBy: NoMember.self)
    }

    private struct NoMember: CodingKey, CaseIterable {
        static let allCases: [NoMember] = []
        var stringValue: String { "" }
        var intValue: Int? { nil }
        init?(stringValue: String) { nil }
        init?(intValue: Int) { nil }
    }
}
