/// A write's right to record its answer for an `Idempotency-Key`, in the same
/// commit as the rows it stores.
public struct IdempotencyClaim: Sendable {
    public let scope: IdempotencyScope
    /// SHA-256 of the request, hex.
    public let requestHash: String
    public let createdAt: Int64
    /// Records of the key created before this have expired and may be replaced.
    public let expiredBefore: Int64

    public init(scope: IdempotencyScope, requestHash: String, createdAt: Int64, expiredBefore: Int64) {
        self.scope = scope
        self.requestHash = requestHash
        self.createdAt = createdAt
        self.expiredBefore = expiredBefore
    }

    /// The record of `response` under this claim.
    public func record(_ response: StoredResponse) -> IdempotencyRecord {
        IdempotencyRecord(
            organizationID: scope.organizationID, route: scope.route, key: scope.key, requestHash: requestHash, response: response,
            createdAt: createdAt)
    }

    /// Whether an answer with `status` is recorded: every complete answer below
    /// 500 except 409 and 429.
    public static func records(status: Int) -> Bool {
        status < 500 && status != 409 && status != 429
    }
}

/// How a write records its answer: the claim, and the answer of its outcome.
public struct AnswerRecording<Outcome: Sendable>: Sendable {
    public let claim: IdempotencyClaim
    public let render: @Sendable (Outcome) -> StoredResponse

    public init(claim: IdempotencyClaim, render: @escaping @Sendable (Outcome) -> StoredResponse) {
        self.claim = claim
        self.render = render
    }
}

/// The key was recorded by another request in the meantime: the write was not applied.
public struct IdempotencyConflict: Error {
    public init() {}
}

/// A write with nothing of its own to store: recording an answer decided before the commit.
public struct AnswerOnlyWork: IngestWork {
    public init() {}

    public var rows: Int { 0 }

    public func collect(into lookup: inout IngestLookup) {}

    public func plan(in plan: inout IngestPlan) {}
}
