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

/// `distinctPeriods` marks ordinals in an array; the reference is a Set, sorted.
@Suite struct DistinctPeriodsTests {
    static func panel(_ periods: [Period]) -> HistoryPanel {
        var panel = HistoryPanel(granularity: periods.first?.granularity ?? .quarter, featureNames: [])
        panel.period = periods
        return panel
    }

    @Test func theSortedDistinctPeriodsWithGapsAndRepeats() {
        var rng = SystemRandomNumberGenerator()
        for grain in [Granularity.quarter, .month] {
            let base = grain == .quarter ? Period(year: 2021, quarter: 3) : Period(year: 2021, month: 11)
            let periods = (0..<5000).map { _ in base.advanced(by: [0, 1, 3, 7, 40, -2].randomElement(using: &rng) ?? 0) }
            #expect(Self.panel(periods).distinctPeriods == Array(Set(periods)).sorted())
        }
        #expect(Self.panel([]).distinctPeriods.isEmpty)
        #expect(Self.panel([Period(year: 2024, quarter: 1)]).distinctPeriods == [Period(year: 2024, quarter: 1)])
    }

    @Test func farApartOrMixedPeriodsFallBackToTheSet() {
        let far = [Period(granularity: .month, ordinal: 0), Period(granularity: .month, ordinal: 3_000_000)]
        #expect(Self.panel(far + far).distinctPeriods == far)
        let mixed = [Period(year: 2024, quarter: 2), Period(year: 2024, month: 1), Period(year: 2024, quarter: 2)]
        #expect(Self.panel(mixed).distinctPeriods == Array(Set(mixed)).sorted())
    }
}
