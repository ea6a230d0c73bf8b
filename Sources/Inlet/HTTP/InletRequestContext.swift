import Hummingbird
import NIOCore

/// The request context of every Inlet route: the request id given by the
/// envelope middleware travels with it.
public struct InletRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The `req_…` id answered in `X-Request-Id` and in error bodies.
    public var requestID = ""
    /// Base URL of the reference page, for the envelope's `docsUrl`.
    public var docsBase = ""
    /// The connection, which a live stream closes when its client falls behind.
    public let channel: any Channel

    public init(source: Source) {
        coreContext = .init(source: source)
        channel = source.channel
    }
}
