import Foundation
import Logging
import NIOCore
import ServiceLifecycle
import UnixSignals

/// Runs the server until SIGTERM or SIGINT: new requests then get 503
/// `unavailable` while in-flight ones finish, the writer flushes and the store
/// closes.
public enum InletServer {
    /// Why the server could not start listening.
    public struct ListenError: Error, CustomStringConvertible {
        public let description: String
    }

    /// Runs the server; throws ``ListenError`` when its address is taken.
    public static func run(configuration: InletConfiguration, onFirstStart: @escaping @Sendable (FirstStart) -> Void) async throws {
        let draining = DrainState()
        let app = try await buildApplication(configuration: configuration, draining: draining, onFirstStart: onFirstStart)
        // Services shut down in reverse order: draining starts before the server stops.
        let group = ServiceGroup(
            configuration: .init(
                services: [app, DrainOnShutdown(draining: draining)],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: app.logger
            )
        )
        do {
            try await group.run()
        } catch let error as IOError where error.errnoCode == EADDRINUSE {
            throw ListenError(
                description: "Port \(configuration.port) on \(configuration.host) is already in use: stop what listens there, "
                    + "or choose another port with --port or INLET_PORT."
            )
        }
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
