import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import ServiceLifecycle

/// The built application: Hummingbird's application plus the table of its
/// routes (which tests compare with the OpenAPI document).
struct InletApplication<Base: ApplicationProtocol>: ApplicationProtocol {
    typealias Responder = Base.Responder
    typealias Context = Base.Context

    let base: Base
    /// Every registered route.
    let routes: RouteTable

    var responder: Responder { get async throws { try await base.responder } }
    var server: HTTPServerBuilder { base.server }
    var configuration: ApplicationConfiguration { base.configuration }
    var logger: Logger { base.logger }
    var services: [any Service] { base.services }
    var processesRunBeforeServerStart: [@Sendable () async throws -> Void] { base.processesRunBeforeServerStart }
    var eventLoopGroup: any EventLoopGroup { base.eventLoopGroup }

    func onServerRunning(_ channel: any Channel) async {
        await base.onServerRunning(channel)
    }
}
