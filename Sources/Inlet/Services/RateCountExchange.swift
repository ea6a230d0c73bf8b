import Logging
import ServiceLifecycle

/// Shares this instance's request counts with the other instances of a shared
/// database every `interval`, and feeds theirs into the rate limiter, so that
/// per-key and per-organization limits hold across instances without a
/// database round trip per request.
struct RateCountExchange: Service {
    let limiter: RateLimiter
    let store: any RateCounterStore
    let instanceID: String
    let clock: any InletClock
    let interval: Duration
    let logger: Logger

    func run() async throws {
        var exchanges = 0
        var failing = false
        // The store is migrated as the server starts, after the services.
        while !Task.isCancelled && !Task.isShuttingDownGracefully, await !store.isReady() {
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            let second = clock.nowMillis() / 1000
            do {
                let others = try await store.heartbeat(instanceID: instanceID, second: second, since: second - 2)
                limiter.merge(try await store.exchange(limiter.localCounts(), instanceID: instanceID, since: second - 1), otherInstances: others)
                exchanges += 1
                if exchanges % 1000 == 0 { try await store.deleteRateCounts(before: second - 60) }
                if failing { logger.info("Rate counts are shared again") }
                failing = false
            } catch {
                // Until the database answers again, each instance limits on its own counts.
                if !failing { logger.warning("Rate counts cannot be shared", metadata: ["error": "\(String(reflecting: type(of: error)))"]) }
                failing = true
                limiter.merge([], otherInstances: 0)
            }
        }
    }
}
