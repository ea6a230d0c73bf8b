extension WorkerRecord {
    /// The identifier the dashboard names a person by: an email, else an
    /// external id, else a phone, social or cookie alias; nil with none.
    var displayName: String? {
        for kind in Self.namingKinds {
            if let identifier = identifiers.first(where: { $0.kind == kind.rawValue }) { return identifier.value }
        }
        return nil
    }

    private static let namingKinds: [WorkerIdentifier.Kind] = [.email, .externalID, .phone, .social, .cookie]

    /// The values a template shows for the person: `name` (the best identifier,
    /// else the id), `id`, and `named` when the name is not the id.
    var personValues: [String: Any] {
        ["id": id, "name": displayName ?? id, "named": displayName != nil]
    }
}
