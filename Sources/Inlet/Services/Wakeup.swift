import ServiceLifecycle
import Synchronization

/// Ends a service loop's pause early: ``signal()`` wakes the one waiting in
/// ``pause(upTo:)``, or the next to wait when none is.
final class Wakeup: Sendable {
    private struct State {
        var signalled = false
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
    /// graceful shutdown ends the wait too.
    func pause(upTo duration: Duration) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: duration) }
                if !Task.isCancelled { self.signal() }
            }
            await withCheckedContinuation { continuation in
                let now = state.withLock { state in
                    guard !state.signalled else {
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
}
