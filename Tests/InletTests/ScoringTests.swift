import Foundation
import Testing

@testable import Inlet

@Suite("Lead scoring: rules, windows, milestones, sequences")
struct ScoringTests {
    private static let day: Int64 = 86_400_000

    private func ruleset(
        windowDays: Int? = nil,
        rules: [ScoringRule],
        milestones: [Milestone] = [],
        sequences: [EventSequence] = []
    ) -> Ruleset {
        Ruleset(
            id: "rs_1",
            organizationID: "org_1",
            name: "test",
            unitID: nil,
            active: true,
            windowDays: windowDays,
            rules: rules,
            milestones: milestones,
            sequences: sequences,
            createdAt: 0,
            updatedAt: 0
        )
    }

    private func event(_ type: String, at time: Int64, metadata: String? = nil) throws -> ScoredEvent {
        ScoredEvent(eventType: type, timestamp: time, metadata: try metadata.map { try JSONParser.parse(Array($0.utf8)) })
    }

    @Test func everyMatchingRuleAddsItsPoints() throws {
        let rules = ruleset(rules: [
            ScoringRule(eventType: "*", points: 1, conditions: []),
            ScoringRule(eventType: "demo.*", points: 10, conditions: []),
            ScoringRule(eventType: "page_view", points: 5, conditions: [MetadataCondition(key: "metadata.path", value: .string("/pricing"))!]),
            ScoringRule(eventType: "form_submit", points: 7, conditions: [MetadataCondition(key: "metadata.plan.seats", value: .number("10"))!]),
        ])
        #expect(rules.points(for: try event("demo.booked", at: 0)) == 11)
        #expect(rules.points(for: try event("demo", at: 0)) == 1)
        #expect(rules.points(for: try event("page_view", at: 0, metadata: #"{"path": "/pricing"}"#)) == 6)
        #expect(rules.points(for: try event("page_view", at: 0, metadata: #"{"path": "/about"}"#)) == 1)
        #expect(rules.points(for: try event("page_view", at: 0)) == 1)
        #expect(rules.points(for: try event("form_submit", at: 0, metadata: #"{"plan": {"seats": 10.0}}"#)) == 8)
        #expect(rules.points(for: try event("form_submit", at: 0, metadata: #"{"plan": {"seats": "10"}}"#)) == 1)
        #expect(MetadataCondition(key: "path", value: .null) == nil)
        #expect(MetadataCondition(key: "metadata..a", value: .null) == nil)
    }

    @Test func aWindowCountsOnlyTheLastDaysAsOfEachEvent() throws {
        let rules = ruleset(windowDays: 7, rules: [ScoringRule(eventType: "*", points: 1, conditions: [])])
        var progress = ScoreProgress()
        #expect(progress.score(try event("a", at: 0), under: rules).score == 1)
        #expect(progress.score(try event("a", at: 3 * Self.day), under: rules).score == 2)
        #expect(progress.score(try event("a", at: 3 * Self.day), under: rules).score == 3)
        #expect(progress.score(try event("a", at: 8 * Self.day), under: rules).score == 3)
        #expect(progress.score(at: 11 * Self.day, window: rules.windowMillis) == 1)
        #expect(progress.entries.count == 2)
        let allTime = ruleset(rules: [ScoringRule(eventType: "*", points: 2, conditions: [])])
        var total = ScoreProgress()
        for day in [0, 100, 200] { _ = total.score(try event("a", at: Int64(day) * Self.day), under: allTime) }
        #expect(total.score(at: 0, window: nil) == 6 && total.entries.count == 1)
    }

    @Test func aWindowKeepsItsPointsInAThousandSteps() throws {
        let rules = ruleset(windowDays: 7, rules: [ScoringRule(eventType: "*", points: 1, conditions: [])])
        let step = 7 * Self.day / 1000
        var progress = ScoreProgress()
        // An event a minute for 14 days: the score is the last 7 days' events, give or take a step's.
        var last = ScoringStep(points: 0, score: 0, milestones: [], sequences: [])
        for minute in 0..<(14 * 24 * 60) { last = progress.score(try event("a", at: Int64(minute) * 60_000), under: rules) }
        #expect(progress.entries.count <= 1001)
        #expect(abs(last.score - 7 * 24 * 60) <= Int(step / 60_000) + 1)
        #expect(progress.entries.allSatisfy { $0.timestamp % step == 0 })
    }

    @Test func aMilestoneIsRecordedOnceOnTheFirstUpwardCrossing() throws {
        let rules = ruleset(
            windowDays: 7,
            rules: [ScoringRule(eventType: "visit", points: 10, conditions: []), ScoringRule(eventType: "unsubscribe", points: -10, conditions: [])],
            milestones: [Milestone(name: "warm", threshold: 20), Milestone(name: "hot", threshold: 40)]
        )
        var progress = ScoreProgress()
        var steps: [ScoringStep] = []
        for (type, tenth) in [("visit", 0), ("visit", 1), ("unsubscribe", 2), ("visit", 3), ("visit", 4), ("visit", 5), ("visit", 20), ("visit", 21)]
        {
            steps.append(progress.score(try event(type, at: Int64(tenth) * Self.day / 10), under: rules))
        }
        #expect(steps.map(\.score) == [10, 20, 10, 20, 30, 40, 50, 60])
        #expect(steps.map { $0.milestones.map(\.name) } == [[], ["warm"], [], [], [], ["hot"], [], []])
        // Down by the window, up again: still recorded once.
        let later = try progress.score(event("visit", at: 30 * Self.day), under: rules)
        let again = try progress.score(event("visit", at: 30 * Self.day + 1), under: rules)
        #expect(later.score == 10 && again.score == 20 && (later.milestones + again.milestones).isEmpty)
        #expect(progress.reachedMilestones == ["warm", "hot"])
    }

    @Test func aSequenceCompletesInOrderWithinItsLimitDespiteGaps() throws {
        let rules = ruleset(rules: [], sequences: [EventSequence(name: "buyer", steps: ["signup", "demo.*", "purchase"], withinSeconds: 3600)])
        var progress = ScoreProgress()
        let second: Int64 = 1000
        func run(_ events: [(String, Int64)]) throws -> [Bool] {
            var completed: [Bool] = []
            for (type, time) in events { completed.append(!progress.score(try event(type, at: time * second), under: rules).sequences.isEmpty) }
            return completed
        }
        // Out of order, then a timeout: nothing.
        #expect(
            try run([("purchase", 0), ("demo.booked", 10), ("signup", 20), ("page_view", 30), ("demo.booked", 40), ("purchase", 3700)])
                == [false, false, false, false, false, false]
        )
        // A later signup starts a match that completes in time, with gaps.
        #expect(
            try run([("signup", 4000), ("page_view", 4100), ("demo.held", 5000), ("page_view", 6000), ("purchase", 7000)])
                == [false, false, false, false, true]
        )
        // Completed once only.
        #expect(try run([("signup", 8000), ("demo.booked", 8001), ("purchase", 8002)]) == [false, false, false])
        #expect(progress.completedSequences == ["buyer"])
    }

    @Test func oneEventIsNeverTwoSteps() throws {
        let rules = ruleset(rules: [], sequences: [EventSequence(name: "twice", steps: ["visit", "visit"], withinSeconds: 60)])
        var progress = ScoreProgress()
        #expect(try progress.score(event("visit", at: 0), under: rules).sequences.isEmpty)
        #expect(try progress.score(event("visit", at: 1000), under: rules).sequences.map(\.name) == ["twice"])
    }

    @Test func progressSurvivesItsStoredForm() throws {
        let rules = ruleset(
            windowDays: 7,
            rules: [ScoringRule(eventType: "*", points: 3, conditions: [])],
            milestones: [Milestone(name: "m", threshold: 3)],
            sequences: [EventSequence(name: "s", steps: ["a", "b"], withinSeconds: 60)]
        )
        var progress = ScoreProgress()
        _ = try progress.score(event("a", at: 5), under: rules)
        let decoded = try ScoreProgress(stored: progress.stored)
        #expect(decoded == progress)
    }

    @Test func rulesetPartsSurviveTheirJSON() throws {
        let rules = [
            ScoringRule(eventType: "page_view", points: -3, conditions: [MetadataCondition(key: "metadata.a.b", value: .number("1.5"))!]),
            ScoringRule(eventType: "*", points: 1, conditions: []),
        ]
        let milestones = [Milestone(name: "warm", threshold: 20)]
        let sequences = [EventSequence(name: "s", steps: ["a", "b.*"], withinSeconds: 60)]
        #expect(try RulesetJSON.rules(RulesetJSON.json(rules)) == rules)
        #expect(try RulesetJSON.milestones(RulesetJSON.json(milestones)) == milestones)
        #expect(try RulesetJSON.sequences(RulesetJSON.json(sequences)) == sequences)
        #expect(throws: InletError.self) { try RulesetJSON.rules(JSONParser.parse(Array(#"[{"eventType": "x", "points": 2000000}]"#.utf8))) }
    }
}
