import Synchronization

/// The group commits the writer may run at once: it takes a slot before it
/// takes the next batch, so work keeps gathering while every slot is busy, and
/// each commit gives its slot back when done. One task takes slots.
final class CommitSlots: Sendable {
    private struct State {
        var free: Int
        var waiter: CheckedContinuation<Void, Never>?
    }

    private let state: Mutex<State>

    init(_ count: Int) {
        state = Mutex(State(free: max(1, count)))
    }

    /// Waits for a free slot and takes it.
    func take() async {
        await withCheckedContinuation { continuation in
            let free = state.withLock { state in
                guard state.free > 0 else {
                    state.waiter = continuation
                    return false
                }
                state.free -= 1
                return true
            }
            if free { continuation.resume() }
        }
    }

    /// Gives a slot back, to the waiting taker if there is one.
    func give() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard let waiter = state.waiter else {
                state.free += 1
                return nil
            }
            state.waiter = nil
            return waiter
        }
        waiter?.resume()
    }
}
