import Testing

@testable import Inlet

/// The dashboard's pure parts: sessions and CSRF tokens, form bodies, the
/// hour of ingest activity and the drawings.
@Suite("Dashboard units")
struct DashboardUnitTests {
    @Test func aSessionHoldsUntilItExpiresAndOnlyUnderItsKey() throws {
        let clock = TestClock()
        let sessions = DashboardSessions(secret: "shared", lifetime: .seconds(3600), clock: clock)
        let cookie = sessions.issue()
        let session = try #require(sessions.session(from: cookie))
        #expect(sessions.isValidCSRFToken(session.csrfToken, for: session))
        #expect(!sessions.isValidCSRFToken(nil, for: session))
        let altered = String(session.csrfToken.dropLast()) + (session.csrfToken.hasSuffix("A") ? "B" : "A")
        #expect(!sessions.isValidCSRFToken(altered, for: session))

        // Another instance with the same secret accepts it; another secret does not.
        #expect(DashboardSessions(secret: "shared", lifetime: .seconds(3600), clock: clock).session(from: cookie)?.csrfToken == session.csrfToken)
        #expect(DashboardSessions(secret: "other", lifetime: .seconds(3600), clock: clock).session(from: cookie) == nil)
        #expect(DashboardSessions(secret: nil, lifetime: .seconds(3600), clock: clock).session(from: cookie) == nil)

        // Each session has its own CSRF token.
        let second = try #require(sessions.session(from: sessions.issue()))
        #expect(!sessions.isValidCSRFToken(second.csrfToken, for: session))

        // A changed expiry breaks the signature; time ends the session.
        var parts = cookie.split(separator: ".").map(String.init)
        parts[1] = String(Int64(parts[1])! + 3_600_000)
        #expect(sessions.session(from: parts.joined(separator: ".")) == nil)
        #expect(sessions.session(from: "s1.1.2") == nil)
        clock.advance(seconds: 3601)
        #expect(sessions.session(from: cookie) == nil)
    }

    private struct NoteForm: Decodable {
        var token: String?
        var note: String?
        var empty: String?
        var flag: String?
        var missing: String?
        var eventTypes: String?
    }

    @Test func formBodiesDecodePercentsAndPlusesAndBlankFieldsAreAbsent() throws {
        let body = Array("token=inl_admin_a%2Bb&note=two+words&empty=&flag&eventTypes=ticket.*%0Adeal.won".utf8)
        let form = try DashboardForms.decode(NoteForm.self, from: body)
        #expect(form.token.filled == "inl_admin_a+b")
        #expect(form.note.filled == "two words")
        #expect(form.empty.filled == nil && form.flag.filled == nil && form.missing.filled == nil)
        #expect(form.eventTypes.filled == "ticket.*\ndeal.won")
        #expect(Optional("  padded \n").filled == "padded")
    }

    @Test func aBodyThatIsNotAFormIsInvalidBody() {
        let error = #expect(throws: InletError.self) { try DashboardForms.decode(NoteForm.self, from: Array("note=a&note=b".utf8)) }
        #expect(error?.code == .invalidBody)
    }

    @Test func theChartDrawsTheStoredCountsOfTheLastHourByMinuteAndOutcome() {
        let start: Int64 = 1_800_000_000_000  // a minute boundary
        let key = { (minute: Int64, code: String) in ActivityKey(organizationID: "a", minute: start + minute * 60_000, code: code) }
        let counts = [
            key(0, "accepted"): 5, key(0, "invalid_event"): 3, key(0, "plan_limit"): 1, key(10, "accepted"): 1, key(-1, "accepted"): 9,
        ]
        let chart = ActivityChart(counts: counts, now: start + 10 * 60_000 + 1)
        #expect(chart.minutes.count == 60 && chart.minutes.last?.accepted == 1)
        let first = chart.minutes[chart.minutes.count - 11]
        #expect(first.start == start && first.accepted == 5 && first.rejected == ["invalid_event": 3, "plan_limit": 1])
        #expect(chart.accepted == 15 && chart.peak == 9)
        #expect(chart.rejected.map(\.code) == ["invalid_event", "plan_limit"])
        #expect(ActivityChart.since(now: start + 10 * 60_000 + 1) == start - 50 * 60_000)

        // An hour later the first minutes are gone.
        let later = ActivityChart(counts: counts, now: start + 61 * 60_000)
        #expect(later.minutes.allSatisfy { $0.start > start } && later.accepted == 1)
    }

    @Test func historyDrawsEachNumericMetricOfEachSnapshotType() {
        func snapshot(_ time: Int64, _ waiting: Int, replaced: Bool) -> SnapshotRecord {
            SnapshotRecord(
                id: "snp_\(time)",
                app: "crm",
                snapshotType: "queue",
                metrics: [Metric(name: "waiting", value: .number(String(waiting))), Metric(name: "owner", value: .string("alex"))],
                timestamp: time,
                replacedAt: replaced ? time + 1 : nil
            )
        }
        let history = SnapshotHistory([snapshot(3, 9, replaced: false), snapshot(1, 5, replaced: true), snapshot(2, 1, replaced: true)])
        #expect(history.series.map(\.name) == ["crm · queue · waiting"])
        #expect(history.series.first?.values == [5, 1, 9])
        #expect(history.series.first?.latest == "9")
        #expect(history.series.first?.svg.contains("points=\"0,16 80,32 160,0\"") == true)
    }
}
