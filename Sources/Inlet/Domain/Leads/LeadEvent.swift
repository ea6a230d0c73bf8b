/// A lead event as `POST /ingest` and `POST /import/events` accept it, before
/// anyone has resolved whose it is.
struct LeadEvent: Sendable, Equatable {
    /// Who the event is about, as sent.
    enum Subject: Sendable, Hashable {
        /// A lead's id (`wrk_…`); an id no lead has is dead-lettered when processed.
        case lead(String)
        /// An alias; one no lead has creates the lead when processed.
        case alias(LeadAlias)
        /// A worker the Ingest API v1 already resolved and stored the event for.
        case worker(String)
    }

    /// `evt_…`, given at the door: the timeline event keeps it.
    var id: String
    var subject: Subject
    var eventType: String
    /// Milliseconds since the epoch; the time received when none was sent.
    var timestamp: Int64
    /// The metadata object, serialized.
    var metadata: String?
}

/// An alias of a lead: its kind and its value, normalized (an email in lower
/// case, as emails match case-insensitively; the others exactly).
struct LeadAlias: Sendable, Hashable {
    enum Kind: String, Sendable, CaseIterable {
        case email
        case externalID = "external_id"
        case phone, cookie, social
    }

    let kind: Kind
    let value: String

    init(kind: Kind, value: String) {
        self.kind = kind
        self.value = kind == .email ? value.lowercased() : value
    }

    /// The person identifier the alias is stored as: organization-wide, so an
    /// email alias and a v1 actor's email name the same person.
    var identifier: WorkerIdentifier {
        switch kind {
        case .email: .email(value)
        case .externalID: WorkerIdentifier(kind: .externalID, scope: "", value: value)
        case .phone: WorkerIdentifier(kind: .phone, scope: "", value: value)
        case .cookie: WorkerIdentifier(kind: .cookie, scope: "", value: value)
        case .social: WorkerIdentifier(kind: .social, scope: "", value: value)
        }
    }

    /// The alias an organization-wide identifier is, if it is one.
    init?(_ identifier: WorkerIdentifier) {
        guard identifier.scope.isEmpty else { return nil }
        switch identifier.kind {
        case .email: self.init(kind: .email, value: identifier.value)
        case .externalID: self.init(kind: .externalID, value: identifier.value)
        case .phone: self.init(kind: .phone, value: identifier.value)
        case .cookie: self.init(kind: .cookie, value: identifier.value)
        case .social: self.init(kind: .social, value: identifier.value)
        }
    }
}
