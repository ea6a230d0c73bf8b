import Synchronization
import Testing

@testable import Inlet

@Suite("Auth units")
struct AuthUnitTests {
    @Test func theSignInThrottleCountsFailuresPerAddressWithinItsWindow() {
        let clock = TestClock()
        let throttle = SignInThrottle(limit: 3, window: .seconds(60), capacity: 2, clock: clock)
        for _ in 1...2 { throttle.recordFailure(address: "10.0.0.1") }
        #expect(throttle.retryAfter(address: "10.0.0.1") == nil)
        clock.advance(seconds: 20)
        throttle.recordFailure(address: "10.0.0.1")
        // The first failure leaves the window 40 s from now.
        #expect(throttle.retryAfter(address: "10.0.0.1") == 40)
        #expect(throttle.retryAfter(address: "10.0.0.2") == nil, "another address is not held")
        clock.advance(seconds: 40)
        #expect(throttle.retryAfter(address: "10.0.0.1") == nil)
        throttle.recordFailure(address: "10.0.0.1")
        #expect(throttle.retryAfter(address: "10.0.0.1") == nil, "both failures of the first moment left the window")
        throttle.recordFailure(address: "10.0.0.1")
        #expect(throttle.retryAfter(address: "10.0.0.1") == 20, "the oldest failure still in the window now decides")
        throttle.recordSuccess(address: "10.0.0.1")
        #expect(throttle.retryAfter(address: "10.0.0.1") == nil)

        // Past its capacity the throttle forgets the quietest address first.
        for address in ["a", "b", "c"] {
            for _ in 1...3 { throttle.recordFailure(address: address) }
            clock.advance(seconds: 1)
        }
        #expect(throttle.retryAfter(address: "a") == nil)
        #expect(throttle.retryAfter(address: "b") != nil && throttle.retryAfter(address: "c") != nil)
    }

    @Test func aWorkLimitRunsItsWidthAtOnceQueuesItsLimitAndRefusesTheRest() async throws {
        let limit = WorkLimit(width: 1, queueLimit: 1)
        let running = Mutex(0)
        let peak = Mutex(0)
        let open = Mutex(false)
        let job: @Sendable () async throws -> Int = {
            let now = running.withLock {
                $0 += 1
                return $0
            }
            peak.withLock { $0 = max($0, now) }
            while !open.withLock({ $0 }) { try await Task.sleep(for: .milliseconds(5)) }
            running.withLock { $0 -= 1 }
            return now
        }
        async let first = limit.run(job)
        while running.withLock({ $0 }) == 0 { try await Task.sleep(for: .milliseconds(5)) }
        async let second = limit.run(job)
        try await Task.sleep(for: .milliseconds(50))
        await #expect(throws: InletError.self) { try await limit.run { 0 } }
        open.withLock { $0 = true }
        #expect(try await first == 1)
        #expect(try await second == 1)
        #expect(peak.withLock { $0 } == 1)
        #expect(try await limit.run { 7 } == 7, "the turns are all free again")
    }
}

/// A hasher that counts its verifications.
private final class CountingHasher: SecretHasher {
    let verifications = Mutex(0)

    func hash(_ secret: String) async throws -> String { try await cheapHasher.hash(secret) }

    func verify(_ secret: String, hash: String) async throws -> Bool {
        verifications.withLock { $0 += 1 }
        return try await cheapHasher.verify(secret, hash: hash)
    }
}

@Suite("Authenticator")
struct AuthenticatorTests {
    @Test(arguments: Backend.all)
    func aKeyThatMatchedOnceIsRecheckedEachPeriodWithoutBcryptAndRevocationStillHolds(backend: Backend) async throws {
        try await withStore(backend) { store in
            let clock = TestClock()
            let tenancy = TenancyService(store: store, ids: TimeOrderedIdentifierGenerator(clock: clock), clock: clock, hasher: cheapHasher)
            _ = try await tenancy.createOrganization(name: "Acme", slug: "acme", maxEventsPerMonth: nil, keyRps: nil, orgRps: nil)
            _ = try await tenancy.createApp(organization: "acme", slug: "crm", name: nil, eventTypes: ["*"])
            let (record, key) = try await tenancy.createKey(organization: "acme", app: "crm", unit: nil)
            let hasher = CountingHasher()
            let authenticator = Authenticator(store: store, hasher: hasher, clock: clock, cachePeriodMillis: 10_000, adminToken: nil)

            _ = try await authenticator.authenticate(authorization: "Bearer " + key)
            clock.advance(seconds: 11)
            _ = try await authenticator.authenticate(authorization: "Bearer " + key)
            #expect(hasher.verifications.withLock { $0 } == 1, "the second period found the same hash without bcrypt")

            // A wrong secret with the key's lookup prefix costs a verification each time it is new.
            let wrong = String(key.prefix(Secret.appKeyPrefix.count + 8)) + String(repeating: "x", count: 32)
            await #expect(throws: InletError.self) { try await authenticator.authenticate(authorization: "Bearer " + wrong) }
            #expect(hasher.verifications.withLock { $0 } == 2)

            try await tenancy.revokeKey(organization: "acme", app: "crm", keyID: record.id)
            clock.advance(seconds: 11)
            await #expect(throws: InletError.self) { try await authenticator.authenticate(authorization: "Bearer " + key) }
        }
    }
}
