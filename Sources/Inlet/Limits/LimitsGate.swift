import HTTPTypes

/// Applies a key's (an app's or a stream's) per-key and per-organization
/// request rates and produces the `RateLimit-Policy` / `RateLimit` fields of
/// the answer.
struct LimitsGate: Sendable {
    let limiter: RateLimiter

    /// Admits one request of `principal`; throws 429 `rate_limited` with
    /// `Retry-After` and the rate-limit fields when a budget is exhausted.
    func admit(_ principal: AppPrincipal) throws -> HTTPFields {
        try admit(keyID: principal.keyID, of: principal.organization)
    }

    /// Admits one request of a stream's key, like an app key's.
    func admit(_ principal: StreamPrincipal) throws -> HTTPFields {
        try admit(keyID: principal.stream.key.id, of: principal.organization)
    }

    private func admit(keyID: String, of organization: Organization) throws -> HTTPFields {
        let decisions = limiter.acquire([
            (budget: .key(keyID, of: organization.id), limit: organization.keyRps),
            (budget: .organization(organization.id), limit: organization.orgRps),
        ])
        let policy = "\"key\";q=\(organization.keyRps);w=1, \"org\";q=\(organization.orgRps);w=1"
        let state = "\"key\";r=\(decisions[0].remaining);t=1, \"org\";r=\(decisions[1].remaining);t=1"
        guard decisions.allSatisfy(\.allowed) else {
            let exhausted = decisions[0].allowed ? "organization" : "key"
            let retryAfter = decisions.map(\.retryAfter).max() ?? 1
            let seconds = retryAfter == 1 ? "1 second" : "\(retryAfter) seconds"
            throw InletError(
                .rateLimited,
                "The \(exhausted)'s request rate limit is exceeded. Retry after \(seconds).",
                retryAfter: retryAfter,
                headers: [.rateLimitPolicy: policy, .rateLimit: state]
            )
        }
        return [.rateLimitPolicy: policy, .rateLimit: state]
    }
}
