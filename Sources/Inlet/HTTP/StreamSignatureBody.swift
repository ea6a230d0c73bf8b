/// The `signature` member of a stream's admin body: `{"scheme", "secret"}`,
/// or null for a stream that takes its key only.
enum StreamSignatureBody {
    /// The signature `body` sets; nil when it sends null.
    static func read(_ body: JSONObjectReader) throws -> StreamSignature? {
        guard let value = body.value("signature"), value != .null else { return nil }
        guard case .object = value else { throw invalid }
        let members = try JSONObjectReader(value, allowed: ["scheme", "secret"])
        guard let name = try members.string("scheme", maximumLength: 32), let scheme = StreamSignature.Scheme(rawValue: name) else {
            throw invalid
        }
        guard let secret = try members.string("secret", maximumLength: 255) else {
            throw InletError.invalidBody("'signature.secret' is required.")
        }
        return try StreamSignature.checked(scheme: scheme, secret: secret)
    }

    private static let invalid = InletError.invalidBody(
        "'signature' must be null or {\"scheme\", \"secret\"} with a scheme of "
            + StreamSignature.Scheme.allCases.map(\.rawValue).joined(separator: ", ") + "."
    )
}
