import Hummingbird

/// The fields of the dashboard's form posts (`application/x-www-form-urlencoded`),
/// read with Hummingbird's ``URLEncodedFormDecoder``. Every field is optional:
/// a handler says which ones it needs, in words the operator reads.
enum DashboardForms {
    /// What every form post carries besides its own fields.
    struct Guard: Decodable {
        var csrf: String?
        /// The organization the form acts on (slug or id).
        var org: String?
    }

    /// A post without fields of its own.
    struct Empty: Decodable {}

    struct SignIn: Decodable {
        var token: String?
    }

    struct NewApp: Decodable {
        var slug: String?
        var name: String?
        /// One pattern per line or comma-separated.
        var eventTypes: String?
    }

    struct Whitelist: Decodable {
        var eventTypes: String?
    }

    struct NewKey: Decodable {
        var unit: String?
    }

    struct TestEvent: Decodable {
        var eventType: String?
    }

    struct NewStream: Decodable {
        var name: String?
        var itemKey: String?
    }

    /// How a stream checks signed requests: an empty scheme takes its key only.
    struct StreamSignature: Decodable {
        var stream: String?
        var scheme: String?
        var secret: String?
    }

    struct NewWebhook: Decodable {
        var url: String?
        /// Patterns separated by commas, spaces or lines.
        var eventTypes: String?
        var description: String?
    }

    struct RetentionLimit: Decodable {
        /// Empty keeps everything forever.
        var retentionDays: String?
    }

    /// `bytes` as `Fields`; a body that is not a form is 400 `invalid_body`.
    static func decode<Fields: Decodable>(_ fields: Fields.Type, from bytes: [UInt8]) throws -> Fields {
        do {
            return try URLEncodedFormDecoder().decode(Fields.self, from: String(decoding: bytes, as: UTF8.self))
        } catch {
            throw InletError.invalidBody("The form could not be read: \(error).")
        }
    }
}

extension String? {
    /// A query parameter as the dashboard's filters read it: nil when absent or empty.
    var nonEmpty: String? {
        guard let self, !self.isEmpty else { return nil }
        return self
    }

    /// A form field as the dashboard reads it: trimmed, nil when absent or blank.
    var filled: String? {
        guard let value = self?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
        return value
    }
}
