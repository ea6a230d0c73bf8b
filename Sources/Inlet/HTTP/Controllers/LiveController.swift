import HTTPTypes
import Hummingbird
import NIOCore
import ServiceLifecycle

/// `GET /api/v1/live`: the organization's events as Server-Sent Events, as
/// they become visible in the store, for an app key's own organization or the
/// admin token with `?org=`. With `Last-Event-ID`, the events after that one
/// are read from the store first, so that nothing stored between two
/// connections is missed.
struct LiveController {
    let pipeline: RequestPipeline
    let store: any LiveStore & TenancyStore
    let feed: LiveFeed

    /// Events read from the store per page when resuming.
    private static let resumePage = 500

    func addRoutes(to router: InletRouter) {
        router.get("/api/v1/live", use: live)
    }

    @Sendable func live(_ request: Request, context: InletRequestContext) async throws -> Response {
        let (organization, fields) = try await pipeline.organization(readFor: request, in: store)
        return try await stream(of: organization, request: request, context: context, headers: fields)
    }

    /// The stream of an organization's events that pass the request's filters
    /// (`source`, `eventType`, `workerId`) and its retention, resumed after its
    /// `Last-Event-ID`; the dashboard's timeline reads it too.
    func stream(
        of organization: Organization,
        request: Request,
        context: InletRequestContext,
        headers fields: HTTPFields = [:]
    ) async throws
        -> Response
    {
        let organizationID = organization.id
        let query = request.uri.queryParameters
        let filter = LiveFilter(
            source: query.get("source"),
            eventType: query.get("eventType"),
            workerID: query.get("workerId"),
            retentionDays: organization.retentionDays
        )
        let resumeAfter = try await resumePosition(request, organizationID: organizationID)
        // A client that fell behind may not be reading at all: closing the
        // connection ends a write that waits for it.
        let channel = context.channel
        guard
            let subscription = await feed.subscribe(
                organizationID: organizationID,
                filter: filter,
                onEnd: { if case .fellBehind = $0 { channel.close(promise: nil) } }
            )
        else { throw InletError.unavailable }
        var headers: HTTPFields = [.contentType: "text/event-stream", .cacheControl: "no-store"]
        headers.append(contentsOf: fields)
        let store = self.store
        let now = pipeline.clock.nowMillis()
        return Response(
            status: .ok,
            headers: headers,
            body: ResponseBody { writer in
                try await writer.write(ByteBuffer(string: LiveFrames.opened))
                if let resumeAfter {
                    try await Self.replay(
                        after: resumeAfter,
                        until: subscription.from,
                        organizationID: organizationID,
                        filter: filter,
                        at: now,
                        from: store,
                        to: &writer
                    )
                }
                // What the subscription brings from before the resumed event was sent already.
                let sent = max(resumeAfter ?? subscription.from, subscription.from)
                // The server's graceful shutdown ends the stream too (as draining does).
                try await withGracefulShutdownHandler {
                    for await message in subscription.messages {
                        switch message {
                        case .heartbeat:
                            try await writer.write(ByteBuffer(string: LiveFrames.heartbeat))
                        case .event(let frame) where frame.event.position > sent:
                            try await writer.write(ByteBuffer(string: frame.text))
                        case .event:
                            continue
                        }
                    }
                } onGracefulShutdown: {
                    subscription.cancel()
                }
                try await writer.finish(nil)
            }
        )
    }

    /// Where the client's `Last-Event-ID` resumes; nil without one, or for
    /// an id the organization has no event with (the stream then starts now).
    private func resumePosition(_ request: Request, organizationID: String) async throws -> LivePosition? {
        guard let id = request.headers.value(.lastEventID) else { return nil }
        return try await feed.position(ofEvent: id, organizationID: organizationID)
    }

    /// Writes the organization's events after `position` up to `end` that pass `filter` at `now`, read from the store.
    private static func replay(
        after position: LivePosition,
        until end: LivePosition,
        organizationID: String,
        filter: LiveFilter,
        at now: Int64,
        from store: any LiveStore,
        to writer: inout any ResponseBodyWriter
    ) async throws {
        var position = position
        while position < end {
            let page = try await store.liveEvents(after: position, organizationIDs: [organizationID], limit: resumePage) {
                filter.matches($0, at: now)
            }
            for event in page.events {
                guard event.position <= end else { return }
                try await writer.write(ByteBuffer(string: LiveFrames.event(event.event)))
            }
            guard page.isFull else { return }
            position = page.end
        }
    }
}
