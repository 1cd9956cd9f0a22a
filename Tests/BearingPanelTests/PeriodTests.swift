import BearingPanel
import Testing

@Suite struct PeriodTests {
    @Test(arguments: ["2025-Q1", "2025-Q4", "2024-01", "2024-12", "0999-Q2"])
    func labelRoundTrips(_ label: String) throws {
        let period = try #require(Period(label: label))
        #expect(period.label == label)
    }

    @Test(arguments: ["2025-Q0", "2025-Q5", "2025-13", "2025-00", "25-Q1", "2025Q1", "2025-1", "", "2025-Q1 "])
    func rejectsMalformedLabels(_ label: String) {
        #expect(Period(label: label) == nil)
    }

    @Test func nextCrossesYearBoundary() throws {
        #expect(Period(year: 2025, quarter: 4).next == Period(year: 2026, quarter: 1))
        #expect(Period(year: 2025, month: 12).next == Period(year: 2026, month: 1))
        #expect(Period(year: 2025, quarter: 2) < Period(year: 2025, quarter: 3))
    }

    @Test func cohortFollowsFitAndCategory() {
        #expect(Cohort(fit: .bad, category: .positive) == .badFit)
        #expect(Cohort(fit: .stretch, category: .ghost) == .goodFitGoneDark)
        #expect(Cohort(fit: .stretch, category: .ghost, stretchCountsAsGood: false) == .badFit)
        #expect(Cohort(fit: .good, category: .negative) == .goodFitNegative)
    }
}
