import Synchronization

/// Honours `Idempotency-Key` on write routes: replays a stored answer for the
/// same key and body, refuses the key with another body (422) or while its first
/// request is in flight (409), and stores every complete answer below 500 except
/// 409 and 429.
final class IdempotencyGate: Sendable {
    /// An answer and whether it is a replay.
    struct Outcome: Sendable {
        var response: StoredResponse
        var replayed: Bool
    }

    private let store: any IdempotencyStore
    private let writer: GroupCommitWriter
    private let clock: any InletClock
    private let retentionMillis: Int64
    private let envelope: ErrorEnvelope
    private let inFlight = Mutex<Set<String>>([])

    init(store: any IdempotencyStore, writer: GroupCommitWriter, clock: any InletClock, retentionMillis: Int64, envelope: ErrorEnvelope) {
        self.store = store
        self.writer = writer
        self.clock = clock
        self.retentionMillis = retentionMillis
        self.envelope = envelope
    }

    /// Runs `body` under the idempotency rules. `body` gets the claim when a key
    /// was sent; with `savesInTransaction` it records its answer itself in the
    /// transaction that stores its rows, otherwise the gate records it afterwards.
    /// `request` (the bytes a replay must match) is read only when a key was sent.
    func run(
        key: String?,
        organizationID: String,
        route: String,
        request: @autoclosure () -> [UInt8],
        requestID: String,
        savesInTransaction: Bool,
        _ body: (IdempotencyClaim?) async throws -> StoredResponse
    ) async throws -> Outcome {
        guard let key else { return Outcome(response: try await body(nil), replayed: false) }
        try Self.requireWellFormed(key)
        let hash = SHA256Hex.digest(request())
        let scope = organizationID + "\u{0}" + route + "\u{0}" + key
        let claimed = inFlight.withLock { $0.insert(scope).inserted }
        guard claimed else { throw Self.inProgress }
        defer { _ = inFlight.withLock { $0.remove(scope) } }

        if let replay = try await storedOutcome(organizationID: organizationID, route: route, key: key, hash: hash) {
            return replay
        }
        let now = clock.nowMillis()
        let claim = IdempotencyClaim(
            scope: IdempotencyScope(organizationID: organizationID, route: route, key: key),
            requestHash: hash,
            createdAt: now,
            expiredBefore: now - retentionMillis
        )
        do {
            let response: StoredResponse
            do {
                response = try await body(claim)
            } catch let error as InletError where IdempotencyClaim.records(status: error.code.status) {
                response = envelope.body(for: error, requestID: requestID)
                try await record(response, under: claim)
                return Outcome(response: response, replayed: false)
            }
            if !savesInTransaction, IdempotencyClaim.records(status: response.status) {
                try await record(response, under: claim)
            }
            return Outcome(response: response, replayed: false)
        } catch is IdempotencyConflict {
            if let replay = try await storedOutcome(organizationID: organizationID, route: route, key: key, hash: hash) {
                return replay
            }
            throw Self.inProgress
        }
    }

    /// An `Idempotency-Key` is 1-255 printable ASCII characters; checked on
    /// dry runs too, which answer as the real request would.
    static func requireWellFormed(_ key: String) throws {
        guard (1...255).contains(key.utf8.count), key.utf8.allSatisfy({ (0x20...0x7E).contains($0) }) else {
            throw InletError.invalidBody("Idempotency-Key must be 1-255 printable ASCII characters.")
        }
    }

    private static let inProgress = InletError(
        .idempotencyInProgress,
        "A request with this Idempotency-Key is still in progress. Retry shortly.",
        retryAfter: 1
    )

    private func storedOutcome(organizationID: String, route: String, key: String, hash: String) async throws -> Outcome? {
        let notBefore = clock.nowMillis() - retentionMillis
        guard let record = try await store.idempotencyRecord(organizationID: organizationID, route: route, key: key, notBefore: notBefore)
        else { return nil }
        guard record.requestHash == hash else {
            throw InletError(.idempotencyKeyReused, "This Idempotency-Key was already used with a different request body.")
        }
        return Outcome(response: record.response, replayed: true)
    }

    private func record(_ response: StoredResponse, under claim: IdempotencyClaim) async throws {
        _ = try await writer.submit(AnswerOnlyWork(), recording: AnswerRecording(claim: claim) { _ in response })
    }
}
