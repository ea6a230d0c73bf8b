import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// The one composition root: opens the store and wires services, middleware and
/// controllers. `inlet serve` and the tests both call it.
/// - Parameters:
///   - draining: set when graceful shutdown begins; requests then get 503.
///   - onFirstStart: told what was created when the store was empty.
func buildApplication(
    configuration: InletConfiguration,
    draining: DrainState = DrainState(),
    onFirstStart: @escaping @Sendable (FirstStart) -> Void = { _ in }
) async throws -> InletApplication<some ApplicationProtocol> {
    var logger = Logger(label: "inlet")
    logger.logLevel = configuration.logLevel
    let clock = configuration.clock
    let ids = configuration.identifiers ?? TimeOrderedIdentifierGenerator(clock: clock)
    let store = try StoreFactory.open(
        configuration.database,
        poolSize: configuration.databasePoolSize,
        timeout: configuration.databaseTimeout,
        logger: logger
    )
    let metrics = InletMetrics()
    let envelope = ErrorEnvelope(docsBase: configuration.baseURL)
    let targets = WebhookTargetPolicy(allowsPrivate: configuration.webhooksAllowPrivate)
    let dispatcher = WebhookDispatcher(
        store: store,
        sender: HTTPWebhookSender(targets: targets),
        clock: clock,
        metrics: metrics.webhookDeliveries(),
        logger: logger,
        idleInterval: configuration.webhookIdleInterval,
        render: ReadResponses.webhookBody
    )
    let writer = GroupCommitWriter(
        store: store,
        metrics: metrics,
        capacity: configuration.writeQueueCapacity,
        committed: dispatcher.eventsCommitted
    )
    let tenancy = TenancyService(store: store, ids: ids, clock: clock, hasher: configuration.hasher)
    let retentionMillis = Int64(configuration.idempotencyRetentionSeconds) * 1000
    let limiter = RateLimiter(clock: clock)
    let leadBacklog = LeadBacklog(
        limit: configuration.processesLeads ? configuration.leadBacklogLimit : nil,
        onWait: metrics.leadBacklogWaits()
    )
    let pipeline = RequestPipeline(
        authenticator: Authenticator(
            store: store,
            hasher: configuration.hasher,
            clock: clock,
            cachePeriodMillis: Int64(configuration.keyCacheSeconds) * 1000,
            adminToken: configuration.adminToken
        ),
        limits: LimitsGate(limiter: limiter),
        idempotency: IdempotencyGate(store: store, writer: writer, clock: clock, retentionMillis: retentionMillis, envelope: envelope),
        writer: writer,
        leadBacklog: leadBacklog,
        envelope: envelope,
        clock: clock,
        ids: ids,
        metrics: metrics,
        ingestBodyLimit: configuration.ingestBodyLimit,
        adminBodyLimit: configuration.adminBodyLimit,
        importBodyLimit: configuration.importBodyLimit,
        bodies: InFlightBodies(capacity: configuration.inFlightBodyBytes)
    )

    let routes = RouteTable()
    let router = Router(context: InletRequestContext.self)
    router.add(middleware: EnvelopeMiddleware(ids: ids, docsBase: configuration.baseURL, routes: routes, metrics: metrics, draining: draining))
    let inletRouter = InletRouter(router: router, table: routes)
    IngestController(pipeline: pipeline).addRoutes(to: inletRouter)
    ReadController(pipeline: pipeline, store: store).addRoutes(to: inletRouter)
    AdminController(pipeline: pipeline, tenancy: tenancy).addRoutes(to: inletRouter)
    ErasureController(pipeline: pipeline, erasures: ErasureService(store: store, tenancy: tenancy)).addRoutes(to: inletRouter)
    WebhookController(pipeline: pipeline, streams: store).addRoutes(to: inletRouter)
    let webhooks = WebhookEndpointService(store: store, tenancy: tenancy, targets: targets)
    WebhookEndpointController(pipeline: pipeline, endpoints: webhooks).addRoutes(to: inletRouter)
    StreamReadController(pipeline: pipeline, store: store).addRoutes(to: inletRouter)
    LeadController(pipeline: pipeline, store: store).addRoutes(to: inletRouter)
    DeadLetterController(pipeline: pipeline, store: store).addRoutes(to: inletRouter)
    let liveFeed = LiveFeed(
        store: store,
        clock: clock,
        draining: draining,
        logger: logger,
        bufferCapacity: configuration.liveBufferEvents,
        pollInterval: configuration.livePollInterval,
        heartbeatInterval: configuration.liveHeartbeatInterval,
        render: LiveFrames.event
    )
    let live = LiveController(pipeline: pipeline, store: store, feed: liveFeed)
    live.addRoutes(to: inletRouter)
    DashboardController(
        pipeline: pipeline,
        store: store,
        tenancy: tenancy,
        webhooks: webhooks,
        live: live,
        sessions: DashboardSessions(secret: configuration.sessionSecret, lifetime: configuration.sessionLifetime, clock: clock),
        throttle: SignInThrottle(clock: clock),
        pages: try await DashboardPages.load(),
        baseURL: configuration.baseURL
    ).addRoutes(to: router)
    OperationsController(store: store, metrics: metrics, draining: draining, metricsToken: configuration.metricsToken)
        .addRoutes(to: inletRouter)

    // Services stop in reverse order: the writer flushes, then the lead
    // processor drains what it queued, then the store closes.
    var services: [any Service] = [store]
    if configuration.processesLeads {
        services.append(
            LeadProcessor(
                store: store,
                ids: ids,
                clock: clock,
                metrics: metrics,
                backlog: leadBacklog,
                logger: logger,
                committed: dispatcher.eventsCommitted
            )
        )
    }
    let queuedEvents = metrics.leadQueueEvents()
    let queueLag = metrics.leadQueueLag()
    services += [
        writer,
        liveFeed,
        PeriodicService(name: "expired-records", interval: configuration.retentionInterval, logger: logger) {
            _ = try await store.deleteIdempotencyRecords(before: clock.nowMillis() - retentionMillis)
            _ = try await store.deleteEndedDeliveries(before: clock.nowMillis() - WebhookDelivery.keptMillis)
        },
        PeriodicService(
            name: "retention",
            interval: configuration.retentionInterval,
            logger: logger,
            work: RetentionPurge(store: store, clock: clock, deleted: metrics.retentionDeleted()).run
        ),
        PeriodicService(name: "lead-queue-status", interval: configuration.leadQueueStatusInterval, logger: logger) {
            let status: LeadQueueStatus
            do {
                status = try await store.leadQueueStatus()
            } catch {
                leadBacklog.record(queuedEvents: nil)
                throw error
            }
            leadBacklog.record(queuedEvents: status.events)
            queuedEvents.set(Double(status.events))
            queueLag.set(status.oldestReceivedAt.map { Double(max(0, clock.nowMillis() - $0)) / 1000 } ?? 0)
        },
    ]
    if let shared = store as? any RateCounterStore {
        services.append(
            RateCountExchange(
                limiter: limiter,
                store: shared,
                instanceID: ids.make(.instance),
                clock: clock,
                interval: configuration.rateCountExchangeInterval,
                logger: logger
            )
        )
    }
    services.append(dispatcher)
    var app = Application(
        router: router,
        server: .http1(configuration: .init(idleTimeout: TimeAmount(configuration.idleTimeout))),
        // A burst of connections larger than Hummingbird's default queue of 256 (clients
        // reconnecting together, thousands held open) would otherwise have SYNs dropped and
        // retried seconds later; the kernel caps this at `net.core.somaxconn`.
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "inlet", backlog: 4096),
        services: services,
        logger: logger
    )
    app.beforeServerStarts {
        do {
            try await store.prepare()
        } catch StoreError.unavailable {
            throw StartupError(
                "The database \(configuration.database.redacted) cannot be reached within \(configuration.databaseTimeout); is it running?"
            )
        }
        if let firstStart = try await tenancy.bootstrapIfEmpty(adminTokenConfigured: configuration.adminToken != nil) {
            onFirstStart(firstStart)
        }
    }
    return InletApplication(base: app, routes: routes)
}
