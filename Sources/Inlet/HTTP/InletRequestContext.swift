import Hummingbird

/// The request context of every Inlet route: the request id given by the
/// envelope middleware travels with it.
public struct InletRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The `req_…` id answered in `X-Request-Id` and in error bodies.
    public var requestID = ""
    /// Base URL of the reference page, for the envelope's `docsUrl`.
    public var docsBase = ""

    public init(source: Source) {
        coreContext = .init(source: source)
    }
}
