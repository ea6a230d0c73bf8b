import HTTPTypes

/// Applies an app key's per-key and per-organization request rates and
/// produces the `RateLimit-Policy` / `RateLimit` fields of the answer.
struct LimitsGate: Sendable {
    let limiter: RateLimiter

    /// Admits one request of `principal`; throws 429 `rate_limited` with
    /// `Retry-After` and the rate-limit fields when a budget is exhausted.
    func admit(_ principal: AppPrincipal) throws -> HTTPFields {
        let organization = principal.organization
        let decisions = limiter.acquire([
            (budget: .init(organizationID: organization.id, name: "key:" + principal.keyID), limit: organization.keyRps),
            (budget: .init(organizationID: organization.id, name: "org:" + organization.id), limit: organization.orgRps),
        ])
        let policy = "\"key\";q=\(organization.keyRps);w=1, \"org\";q=\(organization.orgRps);w=1"
        let state = "\"key\";r=\(decisions[0].remaining);t=1, \"org\";r=\(decisions[1].remaining);t=1"
        guard decisions.allSatisfy(\.allowed) else {
            let exhausted = decisions[0].allowed ? "organization" : "key"
            let retryAfter = decisions.map(\.retryAfter).max() ?? 1
            let seconds = retryAfter == 1 ? "1 second" : "\(retryAfter) seconds"
            throw InletError(
                .rateLimited, "The \(exhausted)'s request rate limit is exceeded. Retry after \(seconds).", retryAfter: retryAfter,
                headers: ["RateLimit-Policy": policy, "RateLimit": state])
        }
        var fields = HTTPFields()
        fields[HTTPField.Name("RateLimit-Policy")!] = policy
        fields[HTTPField.Name("RateLimit")!] = state
        return fields
    }
}
