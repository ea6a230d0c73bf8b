import Logging
import ServiceLifecycle

/// Checkpoints the store's write-ahead log every `interval`, on a connection of
/// its own, so commits do not pay for copying pages back.
struct CheckpointService: Service {
    let store: SQLiteStore
    let interval: Duration
    let logger: Logger

    func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            do {
                try await store.checkpoint()
            } catch {
                logger.debug("Checkpoint skipped", metadata: ["error": "\(String(reflecting: type(of: error)))"])
            }
        }
    }
}
