import Logging
import ServiceLifecycle

/// Runs `work` every `interval` until graceful shutdown: idempotency retention,
/// write-ahead log checkpoints. A failed run is logged and the next one follows.
struct PeriodicService: Service {
    let name: String
    let interval: Duration
    let logger: Logger
    let work: @Sendable () async throws -> Void

    func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            guard !Task.isCancelled && !Task.isShuttingDownGracefully else { return }
            do {
                try await work()
            } catch {
                logger.warning("Periodic task failed", metadata: ["task": "\(name)", "error": "\(String(reflecting: type(of: error)))"])
            }
        }
    }
}
