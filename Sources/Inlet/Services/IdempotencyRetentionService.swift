import Logging
import ServiceLifecycle

/// Deletes idempotency records older than the retention period, every `interval`.
struct IdempotencyRetentionService: Service {
    let store: any IdempotencyStore
    let clock: any InletClock
    let retentionMillis: Int64
    let interval: Duration
    let logger: Logger

    func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            guard !Task.isCancelled && !Task.isShuttingDownGracefully else { return }
            do {
                let removed = try await store.deleteIdempotencyRecords(before: clock.nowMillis() - retentionMillis)
                if removed > 0 { logger.debug("Expired idempotency records removed", metadata: ["count": "\(removed)"]) }
            } catch {
                logger.warning("Idempotency cleanup failed", metadata: ["error": "\(String(reflecting: type(of: error)))"])
            }
        }
    }
}
