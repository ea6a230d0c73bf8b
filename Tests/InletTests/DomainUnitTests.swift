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

    @Test(arguments: ["2026-04-19T12:05:00", "2026-04-19", "2026-13-01T00:00:00Z", "2025-02-29T00:00:00Z", "2026-04-19T12:05:00.Z", "2026-04-19T24:00:00Z", "2026-04-19T12:05:00+0100", "x"])
    func rejectsIncompleteOrImpossible(_ text: String) {
        #expect(RFC3339.parse(text) == nil)
    }

    @Test func formatsUTCWithMilliseconds() {
        #expect(RFC3339.format(0) == "1970-01-01T00:00:00.000Z")
        #expect(RFC3339.format(-1) == "1969-12-31T23:59:59.999Z")
        #expect(RFC3339.format(RFC3339.parse("2026-04-19T12:05:00.042+02:00")!) == "2026-04-19T10:05:00.042Z")
        #expect(RFC3339.month(of: RFC3339.parse("2026-12-31T23:59:59Z")!) == "2026-12")
    }
}

@Suite("Limits and whitelists")
struct LimitsTests {
    @Test func slidingWindowAllowsTheLimitThenRecovers() {
        let clock = TestClock(1_000_000)
        let limiter = RateLimiter(clock: clock)
        let budget = [(name: "key", limit: 5)]
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
        _ = limiter.acquire([(name: "org", limit: 1)])
        let denied = limiter.acquire([(name: "key", limit: 10), (name: "org", limit: 1)])
        #expect(denied.map(\.allowed) == [true, false])
        #expect(limiter.acquire([(name: "key", limit: 10)])[0].remaining == 9)
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
        #expect(Authenticator.secret(fromAuthorization: "Token abc") == nil)
        #expect(Authenticator.secret(fromAuthorization: "Bearer") == nil)
    }

    @Test func slugs() {
        #expect(Slug.isValid("crm-hub") && Slug.isValid("a") && !Slug.isValid("-a") && !Slug.isValid("A") && !Slug.isValid(String(repeating: "a", count: 64)))
        #expect(Slug.derive(from: "Acme Corp, Inc.") == "acme-corp-inc")
    }
}

extension String {
    fileprivate var base64: String { Data(utf8).base64EncodedString() }
}
