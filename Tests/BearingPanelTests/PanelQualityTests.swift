import BearingPanel
import Foundation
import Testing

struct PanelQualityTests {
    static func q(_ year: Int, _ quarter: Int) -> Period { Period(year: year, quarter: quarter) }

    /// Hand-built: 2024-Q3 has no row at all; c2 is absent in 2025-Q1 and back in 2025-Q2; c3
    /// changes fit twice; c4 has no CSM; segment `ent` has one customer; CSM k2 one customer.
    static func panel() -> HistoryPanel {
        typealias Row = PanelSamples.Row
        var rows: [Row] = []
        for c in ["c1", "c2", "c3"] {
            for p in [q(2024, 1), q(2024, 2), q(2024, 4), q(2025, 1), q(2025, 2)] where !(c == "c2" && p == q(2025, 1)) {
                var fit = Fit.good
                if c == "c3" { fit = p == q(2024, 4) ? .bad : .good }
                rows.append(Row(customer: c, period: p, fit: fit, csm: "k1", arr: 1000))
            }
        }
        rows.append(Row(customer: "c4", period: q(2025, 2), csm: nil, arr: 500))
        rows.append(Row(customer: "c5", period: q(2025, 2), segment: "ent", csm: "k2", arr: 2500))
        return PanelSamples.panel(granularity: .quarter, features: [], rows: rows)
    }

    @Test func findings() {
        let quality = PanelQuality(panel: Self.panel(), options: PanelQualityOptions(minimumSegmentCustomers: 2, minimumCSMCustomers: 2))
        #expect(quality.rows == 16 && quality.customers == 5)
        #expect(quality.missingPeriods == [Self.q(2024, 3)])
        #expect(quality.customersWithGaps == 1 && quality.missingCustomerPeriods == 1)
        #expect(quality.gapExamples == [PanelQuality.Gap(customerID: "c2", absentFrom: Self.q(2025, 1), absentTo: Self.q(2025, 1))])
        #expect(quality.smallSegments == [PanelQuality.GroupSize(name: "ent", customers: 1)])
        #expect(quality.smallCSMBooks == [PanelQuality.GroupSize(name: "k2", customers: 1)])
        #expect(quality.customersWithFitChange == 1 && quality.fitChanges == 2)
        #expect(quality.rowsWithoutCSM == 1)
        // Last period: 3 x 1000 + 500 (no CSM) + 2500 = 6000 ARR; 500 without a CSM.
        #expect(quality.lastPeriodARRWithoutCSM == 500 && abs(quality.lastPeriodShareWithoutCSM - 500.0 / 6000) < 1e-12)
        #expect(!quality.isClean)
        #expect(
            quality.lines == [
                "history: 16 rows, 5 customers, 2024-Q1...2025-Q2 (6 quarters)",
                "missing periods: 2024-Q3 have no rows (models treat the periods around them as consecutive)",
                "customers absent then back: 1 customer, 1 customer-period without a row between their rows (e.g. c2 absent 2025-Q1)",
                "small segments (< 2 customers): ent (1)",
                "small CSM books (< 2 customers): k2 (1)",
                "fit changes: 1 customer changed fit (2 changes; allowed: each row's own fit is used)",
                "rows without a CSM: 1; in 2025-Q2 they hold 500 ARR (8.3% of the period's ARR)",
            ])
    }

    @Test func snakeCaseJSON() throws {
        let quality = PanelQuality(panel: Self.panel())
        let json = String(decoding: try JSONEncoder().encode(quality), as: UTF8.self)
        for key in [
            "missing_periods", "customers_with_gaps", "gap_examples", "absent_from", "customer_id", "small_csm_books",
            "rows_without_csm", "last_period_share_without_csm", "minimum_segment_customers", "fit_changes",
        ] {
            #expect(json.contains("\"\(key)\""), "\(key)")
        }
        #expect(try JSONDecoder().decode(PanelQuality.self, from: Data(json.utf8)) == quality)
    }

    @Test func aCleanPanel() {
        typealias Row = PanelSamples.Row
        let rows = (1...3).map { Row(customer: "c\($0)", period: Self.q(2025, 1), csm: "k") }
        let quality = PanelQuality(
            panel: PanelSamples.panel(granularity: .quarter, features: [], rows: rows),
            options: PanelQualityOptions(minimumSegmentCustomers: 1, minimumCSMCustomers: 1))
        #expect(quality.isClean)
        #expect(quality.lines.contains("missing periods: none"))
    }
}

struct PeriodRangeTests {
    static let range = PeriodRange(first: Period(year: 2024, quarter: 1), last: Period(year: 2026, quarter: 2))

    @Test func inside() throws {
        #expect(try Self.range.check("2025-Q3", option: "--until") == Period(year: 2025, quarter: 3))
        #expect(Self.range.count == 10)
        #expect(Self.range.description == "2024-Q1...2026-Q2")
    }

    @Test func errorsNameTheOptionTheValueAndTheRange() {
        func message(_ label: String) -> String? {
            do {
                _ = try Self.range.check(label, option: "--until")
                return nil
            } catch {
                return error.description
            }
        }
        #expect(message("2027-Q1") == "--until: expected a period in 2024-Q1...2026-Q2, found 2027-Q1, after the last period 2026-Q2 of the history")
        #expect(
            message("2023-Q4") == "--until: expected a period in 2024-Q1...2026-Q2, found 2023-Q4, before the first period 2024-Q1 of the history")
        #expect(message("2025-06") == "--until: expected a quarterly period like 2026-Q2, found 2025-06 (the history covers 2024-Q1...2026-Q2)")
        #expect(message("Q3") == "--until: expected a period like 2024-Q1, found 'Q3' (the history covers 2024-Q1...2026-Q2)")
    }

    @Test func ofAPanel() throws {
        let range = try PeriodRange(panel: PanelQualityTests.panel())
        #expect(range == PeriodRange(first: Period(year: 2024, quarter: 1), last: Period(year: 2025, quarter: 2)))
        #expect(throws: PeriodRangeError.emptyPanel) { try PeriodRange(panel: HistoryPanel(granularity: .month)) }
    }
}
