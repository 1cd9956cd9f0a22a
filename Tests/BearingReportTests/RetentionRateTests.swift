import Foundation
import Testing

@testable import BearingReport

struct RetentionRateTests {
    /// Hand calculations: 81% kept over 2 quarters is 90% per quarter (0.9² = 0.81) and
    /// 0.81² = 65.61% a year; 121% NRR over 8 quarters is 110% a year (1.1² = 1.21);
    /// 50% over 12 months is 0.5^(1/12) = 94.387% a month and 50% a year.
    @Test func compoundingRates() throws {
        #expect(abs(try #require(RetentionRate.perPeriod(0.81, windowPeriods: 2)) - 0.9) < 1e-15)
        #expect(abs(try #require(RetentionRate.annualised(0.81, windowPeriods: 2, periodsPerYear: 4)) - 0.6561) < 1e-15)
        #expect(abs(try #require(RetentionRate.annualised(1.21, windowPeriods: 8, periodsPerYear: 4)) - 1.1) < 1e-15)
        #expect(abs(try #require(RetentionRate.perPeriod(0.5, windowPeriods: 12)) - 0.943_874_312_681_693_5) < 1e-15)
        #expect(abs(try #require(RetentionRate.annualised(0.5, windowPeriods: 12, periodsPerYear: 12)) - 0.5) < 1e-15)
        #expect(RetentionRate.annualised(0, windowPeriods: 3, periodsPerYear: 4) == 0)
    }

    @Test func undefinedInputsGiveNoRate() {
        #expect(RetentionRate.perPeriod(nil, windowPeriods: 4) == nil)
        #expect(RetentionRate.perPeriod(.nan, windowPeriods: 4) == nil)
        #expect(RetentionRate.perPeriod(-0.1, windowPeriods: 4) == nil)
        #expect(RetentionRate.perPeriod(0.9, windowPeriods: 0) == nil)
        #expect(RetentionRate.annualised(.infinity, windowPeriods: 4, periodsPerYear: 4) == nil)
    }

    @Test func periodNames() {
        #expect(RetentionRate.periodsPerYear(label: "2025-Q3") == 4)
        #expect(RetentionRate.periodsPerYear(label: "2025-07") == 12)
        #expect(RetentionRate.periodsPerYear(label: "July") == nil)
        #expect(RetentionRate.periodName(periodsPerYear: 4) == "quarter")
        #expect(RetentionRate.periodName(periodsPerYear: 12) == "month")
        #expect(RetentionRate.periodName(periodsPerYear: nil) == "period")
    }
}
