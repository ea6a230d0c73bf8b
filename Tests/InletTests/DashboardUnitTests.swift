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

    @Test func formBodiesDecodePercentsAndPluses() {
        let form = FormBody(Array("token=inl_admin_a%2Bb&note=two+words&empty=&flag&eventTypes=ticket.*%0Adeal.won".utf8))
        #expect(form["token"] == "inl_admin_a+b")
        #expect(form["note"] == "two words")
        #expect(form["empty"] == nil && form["flag"] == nil && form["missing"] == nil)
        #expect(form["eventTypes"] == "ticket.*\ndeal.won")
    }

    @Test func activityKeepsTheLastHourPerOrganizationAndMinute() {
        let activity = IngestActivity()
        let start: Int64 = 1_800_000_000_000  // a minute boundary
        activity.record(organizationID: "a", accepted: 3, rejected: ["invalid_event": 1], at: start + 5_000)
        activity.record(organizationID: "a", accepted: 2, rejected: ["invalid_event": 2, "plan_limit": 1], at: start + 50_000)
        activity.record(organizationID: "b", accepted: 7, rejected: [:], at: start + 1_000)
        activity.record(organizationID: "a", accepted: 1, rejected: [:], at: start + 10 * 60_000)

        let hour = activity.lastHour(organizationID: "a", now: start + 10 * 60_000 + 1)
        #expect(hour.count == 60)
        #expect(hour.last?.accepted == 1)
        let first = hour[hour.count - 11]
        #expect(first.start == start && first.accepted == 5 && first.rejected == ["invalid_event": 3, "plan_limit": 1])
        let chart = ActivityChart(minutes: hour)
        #expect(chart.accepted == 6 && chart.peak == 9)
        #expect(chart.rejected.map(\.code) == ["invalid_event", "plan_limit"])

        // An hour later the first minute is gone.
        activity.record(organizationID: "a", accepted: 1, rejected: [:], at: start + 61 * 60_000)
        let later = activity.lastHour(organizationID: "a", now: start + 61 * 60_000)
        #expect(later.allSatisfy { $0.start > start })
        #expect(later.reduce(0) { $0 + $1.accepted } == 2)
        #expect(activity.lastHour(organizationID: "b", now: start).last?.accepted == 7)
    }

    @Test func historyDrawsEachNumericMetricOfEachSnapshotType() {
        func snapshot(_ time: Int64, _ waiting: Int, replaced: Bool) -> SnapshotRecord {
            SnapshotRecord(
                id: "snp_\(time)", app: "crm", snapshotType: "queue",
                metrics: [Metric(name: "waiting", value: .number(String(waiting))), Metric(name: "owner", value: .string("alex"))],
                timestamp: time, replacedAt: replaced ? time + 1 : nil)
        }
        let history = SnapshotHistory([snapshot(3, 9, replaced: false), snapshot(1, 5, replaced: true), snapshot(2, 1, replaced: true)])
        #expect(history.series.map(\.name) == ["crm · queue · waiting"])
        #expect(history.series.first?.values == [5, 1, 9])
        #expect(history.series.first?.latest == "9")
        #expect(history.series.first?.svg.contains("points=\"0,16 80,32 160,0\"") == true)
    }
}
