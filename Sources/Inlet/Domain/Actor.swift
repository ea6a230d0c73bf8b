/// Who an event or snapshot is about, as the client identified them.
struct Actor: Sendable, Hashable {
    var workerID: String?
    var externalID: String?
    var email: String?

    init(workerID: String? = nil, externalID: String? = nil, email: String? = nil) {
        self.workerID = workerID
        self.externalID = externalID
        self.email = email
    }

    /// Reads an actor object; nil when it is not an object with at least one
    /// identifier (text of 1-320 characters) of the right type, or carries
    /// unknown fields.
    init?(json: JSONValue?) {
        guard case .object(let members)? = json, !members.isEmpty else { return nil }
        for (name, value) in members {
            guard case .string(let text) = value, TextField.isValid(text, maximumLength: 320) else { return nil }
            switch name {
            case "workerId": workerID = text
            case "externalId": externalID = text
            case "email":
                guard text.contains("@") else { return nil }
                email = text
            default: return nil
            }
        }
    }
}

/// A person identifier as stored: `externalId` is scoped to an app, `email` to the
/// organization and compared case-insensitively.
struct WorkerIdentifier: Sendable, Hashable {
    enum Kind: String, Sendable {
        case externalID = "externalId"
        case email
        /// Lead aliases (`/ingest`); organization-wide, like `email`.
        case phone, cookie, social
    }

    var kind: Kind
    /// The app id for an `externalId` of a v1 actor; empty for organization-wide
    /// kinds and for the `external_id` alias of a lead.
    var scope: String
    var value: String

    static func externalID(_ value: String, appID: String) -> WorkerIdentifier {
        .init(kind: .externalID, scope: appID, value: value)
    }

    static func email(_ value: String) -> WorkerIdentifier {
        .init(kind: .email, scope: "", value: value.lowercased())
    }
}

/// An identifier as shown on a worker: `app` is the slug for app-scoped kinds.
struct WorkerIdentifierView: Sendable, Equatable {
    var kind: String
    var value: String
    var app: String?
}
