import HTTPTypes

/// A write's right to record its answer for an `Idempotency-Key`, in the same
/// commit as the rows it stores.
struct IdempotencyClaim: Sendable {
    let scope: IdempotencyScope
    /// SHA-256 of the request, hex.
    let requestHash: String
    let createdAt: Int64
    /// Records of the key created before this have expired and may be replaced.
    let expiredBefore: Int64

    /// The record of `response` under this claim.
    func record(_ response: StoredResponse) -> IdempotencyRecord {
        IdempotencyRecord(
            organizationID: scope.organizationID,
            route: scope.route,
            key: scope.key,
            requestHash: requestHash,
            response: response,
            createdAt: createdAt
        )
    }

    /// Whether an answer with `status` is recorded: every complete answer below
    /// 500 except 409 and 429.
    static func records(status: HTTPResponse.Status) -> Bool {
        status.kind != .serverError && status != .conflict && status != .tooManyRequests
    }
}

/// How a write records its answer: the claim, and the answer of its outcome.
struct AnswerRecording<Outcome: Sendable>: Sendable {
    let claim: IdempotencyClaim
    let render: @Sendable (Outcome) -> StoredResponse

    init(claim: IdempotencyClaim, render: @escaping @Sendable (Outcome) -> StoredResponse) {
        self.claim = claim
        self.render = render
    }
}

/// The key was recorded by another request in the meantime: the write was not applied.
struct IdempotencyConflict: Error {
    init() {}
}

/// A write with nothing of its own to store: recording an answer decided before the commit.
struct AnswerOnlyWork: IngestWork {
    init() {}

    var rows: Int { 0 }

    func collect(into lookup: inout IngestLookup) {}

    func plan(in plan: inout IngestPlan) {}
}
