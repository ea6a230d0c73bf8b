/// How long an organization keeps its timeline events, snapshot history and
/// dead letters, and a stream its items (SPEC §13): whatever passes the limit
/// is left out of every read at once, and deleted later by ``RetentionPurge``.
enum Retention {
    /// The days a limit may be.
    static let days = 1...36_500

    /// The first moment still kept under a limit of `days`, at `now`; nil
    /// when everything is kept.
    static func cutoff(days: Int?, now: Int64) -> Int64? {
        days.map { now - Int64($0) * 86_400_000 }
    }
}

extension Organization {
    /// The first moment of its data still kept at `now`; nil keeps all.
    func retainedSince(_ now: Int64) -> Int64? {
        Retention.cutoff(days: retentionDays, now: now)
    }
}

extension DataStream {
    /// The oldest update of an item still kept at `now`; nil keeps all.
    func retainedSince(_ now: Int64) -> Int64? {
        Retention.cutoff(days: retentionDays, now: now)
    }
}

extension TimelineQuery {
    /// Leaves out the events older than `cutoff`, a retention limit.
    mutating func retain(since cutoff: Int64?) {
        guard let cutoff else { return }
        from = max(from ?? cutoff, cutoff)
    }
}

extension [SnapshotRecord] {
    /// The current snapshots, and the history not older than `cutoff`.
    func retained(since cutoff: Int64?) -> [SnapshotRecord] {
        guard let cutoff else { return self }
        return filter { $0.replacedAt == nil || $0.timestamp >= cutoff }
    }
}
