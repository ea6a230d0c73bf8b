/// Erasure of people, and its log.
protocol ErasureStore: Sendable {
    /// Deletes, in one transaction, the person `subject` names in an
    /// organization with everything about them: identifiers and aliases,
    /// events, snapshots, score progress, milestones, client event ids, and
    /// the queued lead events and dead letters that name them by id or alias;
    /// and logs the erasure as `id`. Nil, with nothing deleted, when no such
    /// person exists. A concurrent group commit or lead step that read the
    /// person before runs again without them, so it leaves a new person or
    /// none, never events of an erased one.
    func erase(_ subject: ErasureSubject, organizationID: String, id: String, at time: Int64) async throws -> Erasure?
    /// An organization's erasures, newest first, after the erasure with id
    /// `cursor` if one is given.
    func erasures(organizationID: String, after cursor: String?, limit: Int) async throws -> [Erasure]
}
