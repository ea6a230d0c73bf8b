/// The request bodies of the admin API. Each refuses members it does not
/// name and reads its own in the order declared, so a body with several
/// faults is told of the first.
extension AdminController {
    /// Events an organization may send in a month: `null` for no limit.
    static let monthlyEvents = 0...Int(Int32.max) * 1000
    /// Requests per second under a key's or an organization's rate limit.
    static let requestsPerSecond = 1...1_000_000

    struct NewOrganization: Decodable {
        var name: String
        var slug: String?
        var maxEventsPerMonth: Int?
        var keyRps: Int?
        var orgRps: Int?
        var retentionDays: Int?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case name, slug, maxEventsPerMonth, keyRps, orgRps, retentionDays
        }

        init(from decoder: any Decoder) throws {
            let body = try decoder.container(keyedBy: CodingKeys.self)
            name = try body.text(.name)
            slug = try body.textIfPresent(.slug, maximumLength: 63)
            maxEventsPerMonth = try body.wholeNumberIfPresent(.maxEventsPerMonth, in: monthlyEvents)
            keyRps = try body.wholeNumberIfPresent(.keyRps, in: requestsPerSecond)
            orgRps = try body.wholeNumberIfPresent(.orgRps, in: requestsPerSecond)
            retentionDays = try body.wholeNumberIfPresent(.retentionDays, in: Retention.days)
        }
    }

    /// Members left out stay; `maxEventsPerMonth` and `retentionDays` take `null` for no limit.
    struct OrganizationChange: Decodable {
        var name: String?
        var maxEventsPerMonth: Change<Int>
        var keyRps: Int?
        var orgRps: Int?
        var retentionDays: Change<Int>

        enum CodingKeys: String, CodingKey, CaseIterable {
            case name, maxEventsPerMonth, keyRps, orgRps, retentionDays
        }

        init(from decoder: any Decoder) throws {
            let body = try decoder.container(keyedBy: CodingKeys.self)
            name = try body.textIfPresent(.name)
            maxEventsPerMonth = try body.change(.maxEventsPerMonth) { try body.wholeNumberIfPresent($0, in: monthlyEvents) }
            keyRps = try body.wholeNumberIfPresent(.keyRps, in: requestsPerSecond)
            orgRps = try body.wholeNumberIfPresent(.orgRps, in: requestsPerSecond)
            retentionDays = try body.change(.retentionDays) { try body.wholeNumberIfPresent($0, in: Retention.days) }
        }
    }

    struct NewUnit: Decodable {
        var name: String

        enum CodingKeys: String, CodingKey, CaseIterable { case name }

        init(from decoder: any Decoder) throws {
            name = try decoder.container(keyedBy: CodingKeys.self).text(.name)
        }
    }

    struct NewApp: Decodable {
        var slug: String
        var eventTypes: [String]
        var name: String?

        enum CodingKeys: String, CodingKey, CaseIterable { case slug, eventTypes, name }

        init(from decoder: any Decoder) throws {
            let body = try decoder.container(keyedBy: CodingKeys.self)
            slug = try body.text(.slug, maximumLength: 63)
            eventTypes = try body.strings(.eventTypes)
            name = try body.textIfPresent(.name)
        }
    }

    /// Members left out stay.
    struct AppChange: Decodable {
        var eventTypes: [String]?
        var name: String?

        enum CodingKeys: String, CodingKey, CaseIterable { case eventTypes, name }

        init(from decoder: any Decoder) throws {
            let body = try decoder.container(keyedBy: CodingKeys.self)
            eventTypes = try body.stringsIfPresent(.eventTypes)
            name = try body.textIfPresent(.name)
        }
    }

    /// `unit` binds the key to one unit of the organization.
    struct NewKey: Decodable {
        var unit: String?

        enum CodingKeys: String, CodingKey, CaseIterable { case unit }

        init(from decoder: any Decoder) throws {
            unit = try decoder.container(keyedBy: CodingKeys.self).textIfPresent(.unit)
        }
    }

    struct NewStream: Decodable {
        var name: String
        var itemKey: String?
        var retentionDays: Int?
        var signature: StreamSignature?

        enum CodingKeys: String, CodingKey, CaseIterable { case name, itemKey, retentionDays, signature }

        init(from decoder: any Decoder) throws {
            let body = try decoder.container(keyedBy: CodingKeys.self)
            name = try body.text(.name, maximumLength: 63)
            itemKey = try body.textIfPresent(.itemKey, maximumLength: ItemFlattener.maximumNameLength)
            retentionDays = try body.wholeNumberIfPresent(.retentionDays, in: Retention.days)
            signature = try body.decodeIfPresent(StreamSignatureBody.self, forKey: .signature)?.signature
        }
    }

    /// A stream's retention (`null` keeps items forever) and signature (`null`
    /// for its key only); at least one of them.
    struct StreamChange: Decodable {
        var retentionDays: Change<Int>
        var signature: Change<StreamSignature>

        enum CodingKeys: String, CodingKey, CaseIterable { case retentionDays, signature }

        init(from decoder: any Decoder) throws {
            let body = try decoder.container(keyedBy: CodingKeys.self)
            guard body.contains(.retentionDays) || body.contains(.signature) else {
                throw InletError.invalidBody("Send 'retentionDays' (null keeps items forever), 'signature' (null takes the key only), or both.")
            }
            retentionDays = try body.change(.retentionDays) { try body.wholeNumberIfPresent($0, in: Retention.days) }
            signature = try body.change(.signature) { try body.decodeIfPresent(StreamSignatureBody.self, forKey: $0)?.signature }
        }
    }
}
