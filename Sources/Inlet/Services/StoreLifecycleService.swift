import Logging
import ServiceLifecycle

/// Keeps the store open while the application runs and closes it last on
/// shutdown, after the writer has flushed.
struct StoreLifecycleService: Service {
    let store: any InletStore
    let logger: Logger

    func run() async throws {
        try? await gracefulShutdown()
        try await store.close()
        logger.info("Store closed")
    }
}
