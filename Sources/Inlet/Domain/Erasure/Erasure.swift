/// A person erased: what was deleted, counted by kind, and when. It names
/// no identifier of the person, so the log of erasures keeps none.
struct Erasure: Sendable, Equatable {
    /// `era_…`.
    var id: String
    var organizationID: String
    /// Milliseconds since the epoch.
    var erasedAt: Int64
    var deleted: ErasedRows
}

/// The rows an erasure deleted, by kind.
struct ErasedRows: Sendable, Equatable, Codable {
    var events = 0
    var snapshots = 0
    /// Identifiers and aliases.
    var identifiers = 0
    /// Score progress, one per ruleset.
    var scores = 0
    var milestones = 0
    /// Lead events still waiting for the processor.
    var queued = 0
    var deadLetters = 0
}

/// Who to erase: a person by id, or the person an identifier or alias names.
enum ErasureSubject: Sendable, Equatable {
    case worker(String)
    case identifier(WorkerIdentifier)
}

extension WorkerIdentifier {
    /// How the lead queue and dead letters name the person by this
    /// identifier, if it is an alias (``LeadEvent/Subject/stored``).
    var leadSubject: (kind: String, value: String)? {
        LeadAlias(self).map { (kind: $0.kind.rawValue, value: $0.value) }
    }
}
