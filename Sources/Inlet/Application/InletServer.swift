import Logging
import ServiceLifecycle
import UnixSignals

/// Runs the server until SIGTERM or SIGINT: new requests then get 503
/// `unavailable` while in-flight ones finish, the writer flushes and the store
/// closes.
public enum InletServer {
    public static func run(configuration: InletConfiguration, onFirstStart: @escaping @Sendable (FirstStart) -> Void) async throws {
        let draining = DrainState()
        let app = try await buildApplication(configuration: configuration, draining: draining, onFirstStart: onFirstStart)
        // Services shut down in reverse order: draining starts before the server stops.
        let group = ServiceGroup(
            configuration: .init(
                services: [app, DrainOnShutdown(draining: draining)], gracefulShutdownSignals: [.sigterm, .sigint],
                logger: app.logger))
        try await group.run()
    }
}

/// Flags the server as draining when graceful shutdown begins.
struct DrainOnShutdown: Service {
    let draining: DrainState

    func run() async throws {
        try? await gracefulShutdown()
        draining.startDraining()
    }
}
