import BearingPanel
import BearingScenarioFit
import BearingSimulation
import Testing

struct ShockRequestTests {
    static let q2 = Period(year: 2025, quarter: 2)
    static let q3 = Period(year: 2025, quarter: 3)

    /// A scenario over 2025-Q1...2025-Q4 with segments SMB and Enterprise.
    static var scenario: Scenario {
        var s = FitTestScenarios.small(customers: [10, 10], periods: 4)
        s.periods = ScenarioPeriods(start: Period(year: 2025, quarter: 1), count: 4)
        return s
    }

    @Test func theBriefsExamples() throws {
        let a = try ShockRequest.parse("churn x1.5 in 2025-Q2")
        #expect(a.churn == 1.5 && a.from == Self.q2 && a.to == Self.q2 && a.segments == nil)
        #expect(a.goingDark == 1 && a.contraction == 1 && a.milestoneReach == 1)
        let b = try ShockRequest.parse("contraction x2 in 2025-Q2..2025-Q3")
        #expect(b.contraction == 2 && b.from == Self.q2 && b.to == Self.q3)
        let c = try ShockRequest.parse("churn x1.5 in 2025-Q2 segment=Enterprise")
        #expect(c.segments == ["Enterprise"])
        let d = try ShockRequest.parse("dark x2")
        #expect(d.goingDark == 2 && d.from == nil)
    }

    @Test func variants() throws {
        let a = try ShockRequest.parse("Churn ×1.2, dark x 1.3 and reach *0.8 in 2025-Q2...2025-Q3")
        #expect(a.churn == 1.2 && a.goingDark == 1.3 && a.milestoneReach == 0.8 && a.to == Self.q3)
        let b = try ShockRequest.parse("churn x1.5 segment=Small Agency in 2025-Q2")
        #expect(b.segments == ["Small Agency"] && b.from == Self.q2)
        let c = try ShockRequest.parse("milestone_reach x0.5 segments=\"Small, Agency\",Mid-Market")
        #expect(c.segments == ["Small, Agency", "Mid-Market"] && c.milestoneReach == 0.5)
        let d = try ShockRequest.parse("going_dark x3 contraction x1.4 in 2025-06")
        #expect(d.goingDark == 3 && d.contraction == 1.4 && d.from == Period(year: 2025, month: 6))
        #expect(try ShockRequest.parse("churn x0").churn == 0)
    }

    @Test func errorsNameTheTextTheColumnAndWhatWasExpected() {
        func error(_ text: String) -> ShockTextError? {
            do {
                _ = try ShockRequest.parse(text)
                return nil
            } catch {
                return error
            }
        }
        #expect(
            error("churn x1,5 in 2025-Q2")?.description
                == "--shock \"churn x1,5 in 2025-Q2\": column 7: expected a multiplier with a decimal point like x1.5, found 'x1,5…'")
        #expect(
            error("churn 1.5")?.description
                == "--shock \"churn 1.5\": column 7: expected a multiplier after `churn`, like x1.5, found '1.5'")
        #expect(error("churm x1.5")?.column == 1)
        #expect(error("churm x1.5")?.expected.contains("churn, dark, contraction or reach") == true)
        #expect(
            error("churn x1.5 in 2025-Q5")?.description
                == "--shock \"churn x1.5 in 2025-Q5\": column 15: expected a period like 2025-Q2 or 2025-06, found '2025-Q5'")
        #expect(error("churn x-2")?.expected == "a multiplier >= 0 like x1.5")
        #expect(error("churn x2 churn x3")?.expected == "each effect once")
        #expect(error("churn x2 in 2025-Q3..2025-Q2")?.found == "2025-Q3..2025-Q2")
        #expect(error("churn x2 in 2025-Q3..2025-08")?.expected == "two periods of the same granularity")
        #expect(error("")?.found == "nothing")
        #expect(error("churn x2 segment=")?.expected == "a segment name")
        #expect(error("churn x2 in 2025-Q2 in 2025-Q3")?.expected == "at most one `in` clause")
    }

    @Test func shocksForAScenario() throws {
        let s = Self.scenario
        let range = try ShockRequest.parse("contraction x2 in 2025-Q2..2025-Q3 segment=Enterprise").shocks(for: s)
        #expect(
            range == [
                Shock(period: Self.q2, contraction: 2, segments: ["Enterprise"]),
                Shock(period: Self.q3, contraction: 2, segments: ["Enterprise"]),
            ])
        // Without a period: every period of the horizon.
        #expect(try ShockRequest.parse("churn x1.5").shocks(for: s).map(\.period) == s.periods.all)
        let shocked = try s.addingShocks([ShockRequest.parse("churn x1.5 in 2025-Q2"), ShockRequest.parse("dark x2 in 2025-Q4")])
        #expect(shocked.shocks.count == 2 && shocked.shocks[1].goingDark == 2)
        // The engine runs it, and more churn follows in the shocked quarter.
        #expect(throws: Never.self) { try MonteCarloEngine(scenario: shocked, seed: 1) }
    }

    @Test func shocksOutsideTheScenarioAreErrors() throws {
        let s = Self.scenario
        func error(_ text: String) throws -> ShockTextError? {
            do {
                _ = try ShockRequest.parse(text).shocks(for: s)
                return nil
            } catch {
                return error
            }
        }
        #expect(
            try error("churn x1.5 in 2026-Q1")?.description
                == "--shock \"churn x1.5 in 2026-Q1\": expected a period in the scenario's horizon 2025-Q1...2025-Q4, found 2026-Q1")
        #expect(try error("churn x1.5 in 2025-05")?.found == "2025-05")
        #expect(
            try error("churn x1.5 segment=Mid-Market")?.description
                == "--shock \"churn x1.5 segment=Mid-Market\": expected one of the scenario's segments (SMB, Enterprise), found 'Mid-Market'")
    }
}
