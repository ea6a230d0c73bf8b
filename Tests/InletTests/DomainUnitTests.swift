import Foundation
import Testing

@testable import Inlet

@Suite("JSON parser and writer")
struct JSONTests {
    @Test func keepsMemberOrderAndNumberText() throws {
        let text = #"{"b":1.50,"a":[true,false,null,-0.5e-3],"c":{"d":"\"\\\/\n\u00e9\ud83d\ude00"}}"#
        let value = try JSONParser.parse(Array(text.utf8))
        #expect(JSONWriter.string(value) == #"{"b":1.50,"a":[true,false,null,-0.5e-3],"c":{"d":"\"\\/\né😀"}}"#)
        #expect(value.depth == 2)
    }

    @Test(arguments: [
        "", " ", "{", "}", "[1,]", "{\"a\":}", "{\"a\" 1}", "01", "1.", "-", "tru", "\"\\x\"", "\"\\ud800\"", "\"a\tb\"",
        "{} {}", "[1 2]", "nul",
    ])
    func rejectsMalformedDocuments(_ text: String) {
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse(Array(text.utf8)) }
    }

    @Test func rejectsInvalidUTF8AndBoundsDepth() {
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse([0x22, 0xC3, 0x28, 0x22]) }
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse([0x22, 0xED, 0xA0, 0x80, 0x22]) }
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse(Array(deep.utf8)) }
        let allowed = String(repeating: "[", count: JSONParser.maximumDepth) + String(repeating: "]", count: JSONParser.maximumDepth)
        #expect(throws: Never.self) { try JSONParser.parse(Array(allowed.utf8)) }
    }

    @Test func escapesControlCharactersWhenWriting() {
        #expect(JSONWriter.string(.string("a\u{01}\"b")) == #""a\u0001\"b""#)
    }
}

@Suite("RFC 3339")
struct RFC3339Tests {
    @Test func parsesOffsetsAndFractions() {
        #expect(RFC3339.parse("1970-01-01T00:00:00Z") == 0)
        #expect(RFC3339.parse("1970-01-01T01:00:00+01:00") == 0)
        #expect(RFC3339.parse("1969-12-31T23:59:59.9999Z") == -1)
        #expect(RFC3339.parse("2026-04-19T12:05:00.5-02:30") == RFC3339.parse("2026-04-19T14:35:00.500Z"))
        #expect(RFC3339.parse("2024-02-29T00:00:00Z") != nil)
    }

    @Test(arguments: [
        "2026-04-19T12:05:00", "2026-04-19", "2026-13-01T00:00:00Z", "2025-02-29T00:00:00Z", "2026-04-19T12:05:00.Z", "2026-04-19T24:00:00Z",
        "2026-04-19T12:05:00+0100", "x",
    ])
    func rejectsIncompleteOrImpossible(_ text: String) {
        #expect(RFC3339.parse(text) == nil)
    }

    @Test func formatsUTCWithMilliseconds() {
        #expect(RFC3339.format(0) == "1970-01-01T00:00:00.000Z")
        #expect(RFC3339.format(-1) == "1969-12-31T23:59:59.999Z")
        #expect(RFC3339.format(RFC3339.parse("2026-04-19T12:05:00.042+02:00")!) == "2026-04-19T10:05:00.042Z")
        #expect(RFC3339.month(of: RFC3339.parse("2026-12-31T23:59:59Z")!) == "2026-12")
        #expect(RFC3339.format(RFC3339.parse("0001-01-01T00:00:00Z")!) == "0001-01-01T00:00:00.000Z")
        #expect(RFC3339.format(253_402_300_800_000) == "10000-01-01T00:00:00.000Z")
        #expect(RFC3339.format(RFC3339.parse("9999-12-31T23:59:59.999Z")! + 1) == "10000-01-01T00:00:00.000Z")
    }
}

@Suite("Limits and whitelists")
struct LimitsTests {
    @Test func textFieldsCountCodePointsAndRefuseNUL() {
        // One, two, three and four UTF-8 bytes per code point; a flag is two code points.
        for (text, length) in [("a", 1), ("é", 1), ("€", 1), ("😀", 1), ("🇬🇧", 2), ("aé€😀", 4)] {
            #expect(TextField.isValid(String(repeating: text, count: 3), maximumLength: 3 * length), "\(text)")
            #expect(!TextField.isValid(String(repeating: text, count: 3), maximumLength: 3 * length - 1), "\(text)")
        }
        #expect(!TextField.isValid("", maximumLength: 3))
        #expect(!TextField.isValid("a\u{0}b", maximumLength: 3))
        #expect(!TextField.isValid("\u{0}", maximumLength: 3))
    }

    @Test func slidingWindowAllowsTheLimitThenRecovers() {
        let clock = TestClock(1_000_000)
        let limiter = RateLimiter(clock: clock)
        let budget = [(budget: RateLimiter.Budget(organizationID: "org", name: "key"), limit: 5)]
        #expect((0..<5).map { _ in limiter.acquire(budget)[0].allowed } == Array(repeating: true, count: 5))
        #expect(limiter.acquire(budget)[0].allowed == false)
        clock.advance(seconds: 1.5)
        // Half of the previous second still counts: 2.5 of 5 used.
        #expect(limiter.acquire(budget)[0].allowed)
        #expect(limiter.acquire(budget)[0].allowed)
        #expect(limiter.acquire(budget)[0].allowed == false)
        clock.advance(seconds: 2)
        #expect(limiter.acquire(budget)[0].remaining == 4)
    }

    @Test func aDeniedRequestTakesFromNoBudget() {
        let limiter = RateLimiter(clock: TestClock())
        let key = RateLimiter.Budget(organizationID: "o", name: "key")
        let org = RateLimiter.Budget(organizationID: "o", name: "org")
        _ = limiter.acquire([(budget: org, limit: 1)])
        let denied = limiter.acquire([(budget: key, limit: 10), (budget: org, limit: 1)])
        #expect(denied.map(\.allowed) == [true, false])
        #expect(limiter.acquire([(budget: key, limit: 10)])[0].remaining == 9)
    }

    /// Whatever the moment of a refusal, the same request sent alone after
    /// `retryAfter` seconds is admitted, and not much earlier than that.
    @Test(arguments: [1, 2, 3, 10])
    func retryAfterIsTruthful(limit: Int) {
        let budget = [(budget: RateLimiter.Budget(organizationID: "o", name: "key"), limit: limit)]
        for admittedAt in stride(from: 0, to: 1000, by: 50) {
            for refusedAfter in stride(from: 0, to: 1000, by: 100) {
                let clock = TestClock(1_000_000 + Int64(admittedAt))
                let limiter = RateLimiter(clock: clock)
                while limiter.acquire(budget)[0].allowed {}
                clock.advance(seconds: Double(refusedAfter) / 1000)
                let refused = limiter.acquire(budget)[0]
                guard !refused.allowed else { continue }
                clock.advance(seconds: Double(refused.retryAfter))
                #expect(limiter.acquire(budget)[0].allowed, "limit \(limit), admitted at \(admittedAt) ms, refused \(refusedAfter) ms later")
            }
        }
    }

    @Test func instancesSplitABudgetByDemand() {
        let clock = TestClock(1_000_000)
        let limiter = RateLimiter(clock: clock)
        let org = RateLimiter.Budget.organization("o")
        let budget = [(budget: org, limit: 10)]
        // Before the first exchange, a live other instance means half of the limit each.
        limiter.merge([], otherInstances: 1)
        let key = [(budget: RateLimiter.Budget.key("k", of: "o"), limit: 10)]
        #expect((0..<8).count { _ in limiter.acquire(key)[0].allowed } == 5)
        // Another instance received as many requests as this one will: half of the limit each.
        limiter.merge([RateLimiter.Count(budget: org, second: 1000, tally: .init(received: 8, admitted: 5))], otherInstances: 1)
        let admitted = (0..<8).count { _ in limiter.acquire(budget)[0].allowed }
        #expect(admitted == 5)
        #expect(limiter.localCounts().contains(RateLimiter.Count(budget: org, second: 1000, tally: .init(received: 8, admitted: 5))))
        // An instance that starts receiving after the others gets an equal part, not none.
        clock.advance(seconds: 1)
        let late = RateLimiter(clock: clock)
        _ = late.acquire(budget)
        late.merge([RateLimiter.Count(budget: org, second: 1000, tally: .init(received: 50, admitted: 10))], otherInstances: 1)
        #expect((0..<8).count { _ in late.acquire(budget)[0].allowed } >= 4)
        // Alone again, the whole limit is this instance's.
        limiter.merge([], otherInstances: 0)
        #expect(limiter.acquire(budget)[0].allowed)
    }

    /// Two instances under equal load that exchange counts every 50 ms admit
    /// the organization's limit between them, within 10 %.
    @Test(arguments: [(1000, 1000), (1500, 500), (200, 2000)])
    func twoInstancesExchangingCountsHoldTheLimit(load: (Int, Int)) {
        let clock = TestClock(1_000_000)
        let instances = [RateLimiter(clock: clock), RateLimiter(clock: clock)]
        let org = RateLimiter.Budget.organization("o")
        var admitted = 0
        for millisecond in 0..<6000 {
            for (index, perSecond) in [load.0, load.1].enumerated() {
                let due = perSecond * (millisecond + 1) / 1000 - perSecond * millisecond / 1000
                for _ in 0..<due where instances[index].acquire([(budget: org, limit: 100)])[0].allowed {
                    if millisecond >= 1000 { admitted += 1 }
                }
            }
            if millisecond % 50 == 49 {
                let counts = instances.map { $0.localCounts() }
                instances[0].merge(counts[1], otherInstances: 1)
                instances[1].merge(counts[0], otherInstances: 1)
            }
            clock.advance(seconds: 0.001)
        }
        let rate = Double(admitted) / 5
        #expect(rate >= 90 && rate <= 110, "admitted \(rate)/s")
    }

    @Test func whitelistPatterns() {
        let whitelist = EventTypeWhitelist(["ticket.*", "deploy.shipped"])
        #expect(whitelist.allows("ticket.created") && whitelist.allows("ticket.a.b") && whitelist.allows("deploy.shipped"))
        #expect(!whitelist.allows("ticket") && !whitelist.allows("ticketing.x") && !whitelist.allows("deploy.shipped.x"))
        #expect(EventTypeWhitelist(["*"]).allows("anything"))
        #expect(EventTypeWhitelist.isValidPattern("a.*") && !EventTypeWhitelist.isValidPattern("a b") && !EventTypeWhitelist.isValidPattern(".*"))
    }

    @Test func authorizationHeaderForms() {
        #expect(Authenticator.secret(fromAuthorization: "Bearer abc") == "abc")
        #expect(Authenticator.secret(fromAuthorization: "bearer  abc") == "abc")
        #expect(Authenticator.secret(fromAuthorization: "Basic " + "wp_live_x:".base64) == "wp_live_x")
        #expect(Authenticator.secret(fromAuthorization: "Basic " + ":secret".base64) == "secret")
        #expect(Authenticator.secret(fromAuthorization: "Basic !!!") == nil)
        let streamKey = "ik_live_" + String(repeating: "A", count: 40)
        #expect(Authenticator.secret(fromAuthorization: "Basic " + "crm:\(streamKey)".base64) == streamKey)
        #expect(Authenticator.secret(fromAuthorization: "Basic " + "\(streamKey):x".base64) == streamKey)
        #expect(Authenticator.secret(fromAuthorization: "Basic " + "admin:token".base64) == "token")
        #expect(Authenticator.secret(fromAuthorization: "Token abc") == nil)
        #expect(Authenticator.secret(fromAuthorization: "Bearer") == nil)
    }

    @Test func slugs() {
        #expect(
            Slug.isValid("crm-hub") && Slug.isValid("a") && !Slug.isValid("-a") && !Slug.isValid("A")
                && !Slug.isValid(String(repeating: "a", count: 64))
        )
        #expect(Slug.derive(from: "Acme Corp, Inc.", id: "org_01ABC") == "acme-corp-inc")
        #expect(Slug.derive(from: "¡™!", id: "org_01ABC") == "org-01abc")
    }
}

extension String {
    fileprivate var base64: String { Data(utf8).base64EncodedString() }
}
