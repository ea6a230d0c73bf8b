import Synchronization

/// How many events wait for the lead processor, as last measured, and the
/// door's rule for it. While more than `limit` wait, a request that queues
/// events waits before it is stored, until the backlog is measured below the
/// limit again or `maximumWait` has passed. A door faster than processing
/// thereby slows to processing's pace, and the lag stays bounded instead of
/// growing for as long as the load lasts. Nothing is refused for a backlog.
final class LeadBacklog: Sendable {
    private let queuedEvents = Atomic<Int>(0)
    private let limit: Int?
    private let maximumWait: Duration
    private let pollInterval: Duration
    private let onWait: @Sendable (Duration) -> Void

    /// - Parameters:
    ///   - limit: the backlog above which requests wait; nil never waits.
    ///   - onWait: told how long each request that waited waited.
    init(
        limit: Int?,
        maximumWait: Duration = .seconds(2),
        pollInterval: Duration = .milliseconds(50),
        onWait: @escaping @Sendable (Duration) -> Void = { _ in }
    ) {
        self.limit = limit
        self.maximumWait = maximumWait
        self.pollInterval = pollInterval
        self.onWait = onWait
    }

    /// Records a measurement; nil when the backlog could not be measured,
    /// which lets requests pass.
    func record(queuedEvents events: Int?) {
        queuedEvents.store(events ?? 0, ordering: .relaxed)
    }

    /// Records that the processor found nothing it could take: the requests
    /// waiting go on at once rather than at the next measurement.
    func recordDrained() {
        queuedEvents.store(0, ordering: .relaxed)
    }

    /// Returns once the backlog is within the limit, or after `maximumWait`.
    func admit() async {
        guard let limit, queuedEvents.load(ordering: .relaxed) > limit else { return }
        let start = ContinuousClock.now
        defer { onWait(ContinuousClock.now - start) }
        while queuedEvents.load(ordering: .relaxed) > limit, ContinuousClock.now < start + maximumWait {
            do { try await Task.sleep(for: pollInterval) } catch { return }
        }
    }
}
