/// The slug and name rules of organizations, apps and streams.
enum Slug {
    /// `[a-z0-9][a-z0-9-]{0,62}`: app and organization slugs.
    static func isValid(_ text: String) -> Bool {
        matches(text, alsoAllowing: [UInt8(ascii: "-")])
    }

    /// `[a-z0-9][a-z0-9_-]{0,62}`: stream names.
    static func isValidStreamName(_ text: String) -> Bool {
        matches(text, alsoAllowing: [UInt8(ascii: "-"), UInt8(ascii: "_")])
    }

    /// 1 to 63 bytes of `[a-z0-9]`, and after the first also of `extra`.
    private static func matches(_ text: String, alsoAllowing extra: Set<UInt8>) -> Bool {
        let bytes = Array(text.utf8)
        guard (1...63).contains(bytes.count), isLowerAlphanumeric(bytes[0]) else { return false }
        return bytes.dropFirst().allSatisfy { isLowerAlphanumeric($0) || extra.contains($0) }
    }

    /// A slug derived from a display name: lowercased, other characters turned
    /// into dashes; a name without a letter or digit of `[a-z0-9]` takes the
    /// resource's id instead (`org_01…` becomes `org-01…`).
    static func derive(from name: String, id: String) -> String {
        let slug = derive(from: name)
        return slug.isEmpty ? id.lowercased().replacingOccurrences(of: "_", with: "-") : slug
    }

    private static func derive(from name: String) -> String {
        var result: [UInt8] = []
        for byte in name.lowercased().utf8 {
            if isLowerAlphanumeric(byte) {
                result.append(byte)
            } else if let last = result.last, last != UInt8(ascii: "-") {
                result.append(UInt8(ascii: "-"))
            }
        }
        while result.last == UInt8(ascii: "-") { result.removeLast() }
        return String(decoding: result.prefix(63), as: UTF8.self)
    }

    private static func isLowerAlphanumeric(_ byte: UInt8) -> Bool {
        (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte)
    }
}
