import Synchronization

/// The queue of ``InletClient/enqueue(_:)``: bounded, counting what was
/// enqueued, handed to the sender and settled (delivered or reported), so that
/// a flush knows when everything before it is done.
final class EventBuffer: Sendable {
    private struct State {
        var queue: [Event] = []
        var head = 0
        /// Events ever enqueued, handed to the sender, settled.
        var enqueued = 0
        var taken = 0
        var settled = 0
        /// Events up to this count go out without waiting for a full batch.
        var flushTarget = 0
        var closed = false
        /// Whether a sender takes batches.
        var sending = false
        /// The last sender started.
        var sender: Task<Void, Never>?
        var wakePending = false
        var sleeper: CheckedContinuation<Void, Never>?
        var waiters: [Int: (target: Int, continuation: CheckedContinuation<Bool, Never>)] = [:]
        var nextWaiter = 0

        var count: Int { queue.count - head }
    }

    let capacity: Int
    private let state = Mutex(State())

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// Adds an event, and starts a sender with `startSender` when none runs;
    /// throws when the queue is full or closed.
    func add(_ event: Event, batchSize: Int, startSender: () -> Task<Void, Never>) throws {
        let wake = try state.withLock { state in
            guard !state.closed else {
                throw InletClientError(status: nil, code: "shut_down", message: "The client was shut down.", retryable: false)
            }
            guard state.count < capacity else {
                throw InletClientError(
                    status: nil,
                    code: "queue_full",
                    message: "The send queue holds \(capacity) events; flush or retry later.",
                    retryable: true
                )
            }
            state.queue.append(event)
            state.enqueued += 1
            if !state.sending {
                state.sending = true
                state.sender = startSender()
            }
            return state.count % batchSize == 0
        }
        if wake { self.wake() }
    }

    /// The next batch: a full one at once; a partial one when a flush asks for
    /// it, the buffer is closed, or `interval` passed. Nil when nothing is left,
    /// and the sender then ends (the next ``add(_:batchSize:startSender:)`` starts one).
    func nextBatch(size: Int, interval: Duration) async -> [Event]? {
        let deadline = ContinuousClock.now + interval
        while true {
            let taken = state.withLock { state -> [Event]?? in
                let available = state.count
                guard available > 0 else {
                    state.sending = false
                    return .some(nil)
                }
                guard available >= size || state.flushTarget > state.taken || state.closed || ContinuousClock.now >= deadline else {
                    return nil
                }
                let batch = Array(state.queue[state.head..<state.head + min(size, available)])
                state.head += batch.count
                state.taken += batch.count
                if state.head > 4096, state.head * 2 > state.queue.count {
                    state.queue.removeFirst(state.head)
                    state.head = 0
                }
                return .some(batch)
            }
            if let taken { return taken }
            let timer = Task {
                try? await Task.sleep(until: deadline)
                self.wake()
            }
            await withCheckedContinuation { continuation in
                let now = state.withLock { state in
                    if state.wakePending {
                        state.wakePending = false
                        return true
                    }
                    state.sleeper = continuation
                    return false
                }
                if now { continuation.resume() }
            }
            timer.cancel()
        }
    }

    /// Wakes the sender if it waits for a batch to fill.
    func wake() {
        let sleeper = state.withLock { state in
            guard let sleeper = state.sleeper else {
                state.wakePending = true
                return nil as CheckedContinuation<Void, Never>?
            }
            state.sleeper = nil
            return sleeper
        }
        sleeper?.resume()
    }

    /// Records `count` events as delivered or reported.
    func settle(_ count: Int) {
        let ready = state.withLock { state in
            state.settled += count
            let settled = state.settled
            let ready = state.waiters.filter { $0.value.target <= settled }
            for id in ready.keys { state.waiters[id] = nil }
            return ready.values
        }
        for waiter in ready { waiter.continuation.resume(returning: true) }
    }

    /// Asks for everything enqueued so far to go out; returns that count.
    func requestFlush() -> Int {
        let target = state.withLock { state in
            state.flushTarget = state.enqueued
            return state.enqueued
        }
        wake()
        return target
    }

    /// Returns true once `target` events are settled, false if `deadline` comes first.
    func waitSettled(_ target: Int, until deadline: ContinuousClock.Instant? = nil) async -> Bool {
        await withCheckedContinuation { continuation in
            let id = state.withLock { state -> Int? in
                guard state.settled < target else { return nil }
                state.nextWaiter += 1
                state.waiters[state.nextWaiter] = (target, continuation)
                return state.nextWaiter
            }
            guard let id else { return continuation.resume(returning: true) }
            guard let deadline else { return }
            Task {
                try? await Task.sleep(until: deadline)
                self.state.withLock { $0.waiters.removeValue(forKey: id) }?.continuation.resume(returning: false)
            }
        }
    }

    /// Refuses new events from now on; returns the last sender started.
    func close() -> Task<Void, Never>? {
        let sender = state.withLock { state in
            state.closed = true
            return state.sender
        }
        wake()
        return sender
    }

    /// Takes the events still queued, unsent.
    func drain() -> [Event] {
        state.withLock { state in
            let rest = Array(state.queue[state.head...])
            state.queue = []
            state.head = 0
            state.taken += rest.count
            return rest
        }
    }
}
