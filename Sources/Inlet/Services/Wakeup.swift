import ServiceLifecycle
import Synchronization

/// Ends a service loop's pause early: ``signal()`` wakes the one waiting in
/// ``pause(upTo:)``, or the next to wait when none is.
final class Wakeup: Sendable {
    private struct State {
        var signalled = false
        /// The number of the latest pause, and of the latest whose time ran out.
        var pause = 0
        var expired = 0
        var waiter: CheckedContinuation<Void, Never>?
    }

    private let state = Mutex(State())

    func signal() {
        let waiter = state.withLock { state in
            guard let waiter = state.waiter else {
                state.signalled = true
                return nil as CheckedContinuation<Void, Never>?
            }
            state.waiter = nil
            return waiter
        }
        waiter?.resume()
    }

    /// Waits until a signal or for `duration`, whichever comes first; a
    /// graceful shutdown or the task's cancellation ends the wait too.
    func pause(upTo duration: Duration) async {
        let number = state.withLock { state in
            state.pause += 1
            return state.pause
        }
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: duration) }
                self.expire(number)
            }
            await withCheckedContinuation { continuation in
                let now = state.withLock { state in
                    if state.expired == number { return true }
                    if state.signalled {
                        state.signalled = false
                        return true
                    }
                    state.waiter = continuation
                    return false
                }
                if now { continuation.resume() }
            }
            group.cancelAll()
        }
    }

    /// Ends pause `number` if it is still the latest; a pause that a signal
    /// ended already leaves the next one alone.
    private func expire(_ number: Int) {
        let waiter = state.withLock { state in
            guard state.pause == number else { return nil as CheckedContinuation<Void, Never>? }
            state.expired = number
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }
}
