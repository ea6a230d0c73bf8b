import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import ServiceLifecycle

/// The built application: Hummingbird's application plus the table of its
/// routes (which tests compare with the OpenAPI document).
public struct InletApplication<Base: ApplicationProtocol>: ApplicationProtocol {
    public typealias Responder = Base.Responder
    public typealias Context = Base.Context

    let base: Base
    /// Every registered route.
    public let routes: RouteTable

    public var responder: Responder { get async throws { try await base.responder } }
    public var server: HTTPServerBuilder { base.server }
    public var configuration: ApplicationConfiguration { base.configuration }
    public var logger: Logger { base.logger }
    public var services: [any Service] { base.services }
    public var processesRunBeforeServerStart: [@Sendable () async throws -> Void] { base.processesRunBeforeServerStart }
    public var eventLoopGroup: any EventLoopGroup { base.eventLoopGroup }

    public func onServerRunning(_ channel: any Channel) async {
        await base.onServerRunning(channel)
    }
}
