import Hummingbird
import NIOCore

/// The request context of every Inlet route: the request id given by the
/// envelope middleware travels with it.
struct InletRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// The `req_…` id answered in `X-Request-Id` and in error bodies.
    var requestID = ""
    /// Base URL of the reference page, for the envelope's `docsUrl`.
    var docsBase = ""
    /// The connection, which a live stream closes when its client falls behind.
    let channel: any Channel

    init(source: Source) {
        coreContext = .init(source: source)
        channel = source.channel
    }
}
