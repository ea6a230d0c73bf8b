/// The `signature` member of a stream's admin body: `{"scheme", "secret"}`.
struct StreamSignatureBody: Decodable {
    var signature: StreamSignature

    enum CodingKeys: String, CodingKey, CaseIterable { case scheme, secret }

    init(from decoder: any Decoder) throws {
        let members: KeyedDecodingContainer<CodingKeys>
        do {
            members = try decoder.container(keyedBy: CodingKeys.self)
        } catch is DecodingError {
            throw Self.invalid
        }
        guard let name = try members.textIfPresent(.scheme, maximumLength: 32), let scheme = StreamSignature.Scheme(rawValue: name) else {
            throw Self.invalid
        }
        signature = try StreamSignature.checked(scheme: scheme, secret: try members.text(.secret, maximumLength: 255))
    }

    private static let invalid = InletError.invalidBody(
        "'signature' must be null or {\"scheme\", \"secret\"} with a scheme of "
            + StreamSignature.Scheme.allCases.map(\.rawValue).joined(separator: ", ") + "."
    )
}
