import BearingPanel
import Foundation
import Testing

@testable import BearingForecast

/// The quota forecast from a rate, a quota file and the trailing observed expansion rate.
@Suite struct QuotaPlanTests {
    static let start = Period(year: 2024, quarter: 1)

    /// The fixture of `reference/quota_reference.py`: periods 2024-Q1 … 2025-Q2 (p = 0…5),
    /// customers 0–3 in segment "a" and 4–5 in "b" every period, customer 6 in "c" only in
    /// 2025-Q2; arr = 1000 + 250c + 100p, expansion = ((7c + 3p) mod 5) · 40; the outcome of
    /// customer 1 in 2024-Q4 (row 19) is not known yet.
    static func fixture() -> PanelFixture {
        var fixture = PanelFixture()
        for p in 0..<6 {
            for c in 0..<6 {
                fixture.add(
                    customer: "c\(c)", period: start.advanced(by: p), segment: c < 4 ? "a" : "b",
                    arr: Double(1000 + 250 * c + 100 * p), expansion: Double((7 * c + 3 * p) % 5 * 40), milestone: "m",
                    reached: 0)
            }
        }
        fixture.add(customer: "c6", period: start.advanced(by: 5), segment: "c", arr: 2500, milestone: "m", reached: 0)
        fixture.panel.markOutcomeUnknown(19)
        return fixture
    }

    /// Printed by `reference/quota_reference.py` (pandas): per forecast period p = 1…5, the
    /// trailing rate of segments a and b and of all segments, for windows of 4 and 2 periods.
    static let reference: [Int: [[Double]]] = [
        4: [
            [0.050909090909090911, 0.02823529411764706, 0.041025641025641026],
            [0.056140350877192984, 0.032183908045977011, 0.045771144278606964],
            [0.049717514124293788, 0.035955056179775284, 0.043800322061191624],
            [0.050765864332603938, 0.039560439560439559, 0.045797807551766136],
            [0.052351738241308794, 0.035789473684210524, 0.045109321058688145],
        ],
        2: [
            [0.050909090909090911, 0.02823529411764706, 0.041025641025641026],
            [0.056140350877192984, 0.032183908045977011, 0.045771144278606964],
            [0.049180327868852458, 0.039560439560439559, 0.04507042253521127],
            [0.045414847161572056, 0.046315789473684213, 0.045823389021479713],
            [0.055510204081632653, 0.032323232323232323, 0.045146726862302484],
        ],
    ]

    static func close(_ x: Double?, _ y: Double, tolerance: Double = 1e-14) -> Bool {
        guard let x else { return false }
        return abs(x - y) <= tolerance * abs(y)
    }

    /// Trailing rates agree with pandas to 1e-14 relative; the window shrinks at the start; a
    /// segment with no past ARR (c) takes the all-segment rate and says so.
    @Test(arguments: [4, 2]) func trailingRateMatchesPandas(window: Int) throws {
        let panel = Self.fixture().panel
        for p in 1...5 {
            let period = Self.start.advanced(by: p)
            var segments: [(id: Int32, book: Double)] = [(0, 10_000), (1, 20_000)]
            if p == 5 { segments.append((2, 2500)) }
            let quotas = try QuotaPlan.trailingQuotas(panel: panel, period: period, window: window, segments: segments)
            let expected = try #require(Self.reference[window])[p - 1]
            #expect(Self.close(quotas[0].rate, expected[0]), "a, \(period.label): \(quotas[0].rate ?? .nan)")
            #expect(Self.close(quotas[1].rate, expected[1]), "b, \(period.label): \(quotas[1].rate ?? .nan)")
            #expect(Self.close(quotas[0].quotaExpansionARR, 10_000 * expected[0]))
            #expect(Self.close(quotas[1].quotaExpansionARR, 20_000 * expected[1]))
            #expect(quotas[0].pooled == false && quotas[0].period == period.label && quotas[0].segment == "a")
            #expect(quotas[0].observedPeriods == (max(0, p - window)..<p).map { Self.start.advanced(by: $0).label })
            if p == 5 {
                #expect(quotas[2].pooled == true)
                #expect(Self.close(quotas[2].rate, expected[2]))
            }
        }
    }

    /// Walk-forward honest: the rate for a period does not move when that period's or later
    /// periods' outcomes change, and does when an earlier period's do.
    @Test func trailingRateUsesOnlyEarlierPeriods() throws {
        let panel = Self.fixture().panel
        let period = Self.start.advanced(by: 3)
        let segments: [(id: Int32, book: Double)] = [(0, 1), (1, 1)]
        let before = try QuotaPlan.trailingQuotas(panel: panel, period: period, window: 4, segments: segments)
        var changed = panel
        for row in 0..<changed.rowCount where changed.period[row].ordinal >= period.ordinal { changed.expansionARR[row] *= 7 }
        #expect(try QuotaPlan.trailingQuotas(panel: changed, period: period, window: 4, segments: segments) == before)
        changed.expansionARR[12] += 1000
        #expect(try QuotaPlan.trailingQuotas(panel: changed, period: period, window: 4, segments: segments) != before)
    }

    @Test func trailingRateNeedsSomeHistory() {
        let panel = Self.fixture().panel
        #expect(throws: ForecastError.self) {
            try QuotaPlan.trailingQuotas(panel: panel, period: Self.start, window: 4, segments: [(0, 1)])
        }
        #expect(throws: ForecastError.invalidQuota("the trailing window must be at least 1 period, got 0")) {
            try QuotaPlan.trailing(periods: 0).validate()
        }
    }

    /// Without a quota the comparison uses the trailing rate, records it per period and segment,
    /// and the rows' quota forecasts are those values (the roll-up their sum).
    @Test func walkForwardRecordsTheQuotaUsed() throws {
        let fixture = Self.fixture()
        let catalogue = MilestoneCatalogue(milestones: [Milestone(name: "m", upsellARR: 100)])
        let comparison = try ForecastComparison.walkForward(
            panel: fixture.panel, index: PanelIndex(fixture.panel), categories: fixture.categories, churnProbabilities: nil,
            catalogue: catalogue, options: .init(trials: 20, seed: 1))
        #expect(comparison.quota.source == .trailing && comparison.quota.trailingPeriods == 4)
        // 2024-Q4 is still running (row 19), so it is not compared.
        #expect(Set(comparison.rows.map(\.period)) == ["2024-Q2", "2024-Q3", "2025-Q1", "2025-Q2"])
        #expect(comparison.quota.segments.count == comparison.rows.filter { $0.segment != "all" }.count)
        let reference = try #require(Self.reference[4])
        for q in comparison.quota.segments {
            let row = try #require(comparison.rows.first { $0.period == q.period && $0.segment == q.segment })
            #expect(row.quotaExpansionARR == q.quotaExpansionARR)
            let p = Int(try #require(Period(label: q.period)).ordinal - Self.start.ordinal)
            let book = fixture.panel.arr.indices.filter {
                fixture.panel.period[$0].label == q.period && fixture.panel.segmentNames[Int(fixture.panel.segment[$0])] == q.segment
            }.reduce(0.0) { $0 + fixture.panel.arr[$1] }
            #expect(q.bookARR == book)
            let expected = reference[p - 1][q.segment == "a" ? 0 : q.segment == "b" ? 1 : 2]
            #expect(Self.close(q.rate, expected), "\(q.period) \(q.segment)")
            #expect(Self.close(q.quotaExpansionARR, expected * book))
        }
        for period in Set(comparison.rows.map(\.period)) {
            let rows = comparison.rows.filter { $0.period == period }
            let all = try #require(rows.first { $0.segment == "all" })
            let sum = rows.filter { $0.segment != "all" }.reduce(0.0) { $0 + $1.quotaExpansionARR }
            #expect(abs(all.quotaExpansionARR - sum) <= 1e-9 * sum)
        }
        #expect(comparison.quota.summary.hasPrefix("quota: none given, so the trailing observed expansion rate per segment"))
        #expect(comparison.renderTable().contains("quota: none given"))
        // The resolved quota survives a JSON round trip.
        let data = try JSONEncoder().encode(comparison.quota)
        #expect(try JSONDecoder().decode(ResolvedQuota.self, from: data) == comparison.quota)
    }

    /// Rate: the rate × each segment's book; the roll-up adds the segments up.
    @Test func rateTimesBook() throws {
        let fixture = Self.fixture()
        let catalogue = MilestoneCatalogue(milestones: [Milestone(name: "m", upsellARR: 100)])
        let f = try ExpansionForecaster.forecast(
            panel: fixture.panel, index: PanelIndex(fixture.panel), categories: fixture.categories, churnProbabilities: nil,
            catalogue: catalogue, period: Self.start.advanced(by: 1), options: .init(trials: 5, quota: .rate(0.02)))
        // 2024-Q2 (p = 1): a's book Σ(1000 + 250c + 100) over c = 0…3 = 5900; b's over c = 4, 5 = 4450.
        #expect(f.quota.source == .rate)
        #expect(f.quota.segments.map(\.segment) == ["a", "b"])
        #expect(f.quota.segments.map(\.bookARR) == [5900, 4450])
        #expect(f.segments.map(\.quotaExpansionARR) == [0.02 * 5900, 0.02 * 4450, 0.02 * 5900 + 0.02 * 4450])
        #expect(f.quota.segments.allSatisfy { $0.rate == 0.02 && $0.annualTarget == nil })
        #expect(f.quota.summary == "quota: 2.00% of book ARR per period")
        #expect(throws: ForecastError.self) { try QuotaPlan.rate(-0.01).validate() }
        #expect(throws: ForecastError.self) { try QuotaPlan.rate(.nan).validate() }
    }

    /// File: annual target × the period's share, evenly (1/4 a quarter, 1/12 a month) or by
    /// seasonality; CSM targets add up to the segment's.
    @Test func fileSpreadsAnnualTargets() throws {
        let fixture = Self.fixture()
        let catalogue = MilestoneCatalogue(milestones: [Milestone(name: "m", upsellARR: 100)])
        let q3 = Self.start.advanced(by: 2)
        func quotas(_ file: QuotaFile) throws -> [Double] {
            try ExpansionForecaster.forecast(
                panel: fixture.panel, index: PanelIndex(fixture.panel), categories: fixture.categories, churnProbabilities: nil,
                catalogue: catalogue, period: q3, options: .init(trials: 5, quota: .file(file))
            ).segments.map(\.quotaExpansionARR)
        }
        let even = QuotaFile(segments: ["a": .segment(400_000), "b": .csms(["x": 150_000, "y": 50_000]), "c": .segment(1)])
        #expect(try quotas(even) == [100_000, 50_000, 150_000])
        var seasonal = even
        seasonal.seasonality = [0.1, 0.2, 0.3, 0.4]
        // Q3's weight is 0.3: 0.3 × 400,000 = 120,000 and 0.3 × 200,000 = 60,000 (to rounding).
        let s = try quotas(seasonal)
        #expect(abs(s[0] - 120_000) < 1e-9 && abs(s[1] - 60_000) < 1e-9 && abs(s[2] - 180_000) < 1e-9)
        let f = try ExpansionForecaster.forecast(
            panel: fixture.panel, index: PanelIndex(fixture.panel), categories: fixture.categories, churnProbabilities: nil,
            catalogue: catalogue, period: q3, options: .init(trials: 5, quota: .file(seasonal)))
        #expect(f.quota.source == .file && f.quota.seasonality == [0.1, 0.2, 0.3, 0.4])
        #expect(f.quota.segments.map(\.annualTarget) == [400_000, 200_000])
        #expect(f.quota.segments.map(\.periodShare) == [0.3, 0.3])
        #expect(f.quota.summary == "quota: annual targets from the quota file, spread by its seasonality")
        // A month gets a twelfth without seasonality, its own weight with it.
        let monthly = QuotaFile(segments: ["a": .segment(120_000)], seasonality: (1...12).map { Double($0) / 78 })
        #expect(QuotaFile(segments: ["a": .segment(1)]).share(of: Period(year: 2025, month: 5)) == 1.0 / 12)
        #expect(monthly.share(of: Period(year: 2025, month: 5)) == 5.0 / 78)
        #expect(monthly.share(of: Period(year: 2025, quarter: 2)) == 0.25)
    }

    /// A quota file must fit the history: a target for every segment forecast, no segment the
    /// history lacks, one seasonality weight per period of the year.
    @Test func fileMustFitTheHistory() throws {
        let fixture = Self.fixture()
        let catalogue = MilestoneCatalogue(milestones: [Milestone(name: "m", upsellARR: 100)])
        func forecast(_ file: QuotaFile) throws(ForecastError) {
            _ = try ExpansionForecaster.forecast(
                panel: fixture.panel, index: PanelIndex(fixture.panel), categories: fixture.categories, churnProbabilities: nil,
                catalogue: catalogue, period: Self.start.advanced(by: 1), options: .init(trials: 5, quota: .file(file)))
        }
        #expect(throws: ForecastError.invalidQuota("no annual target for segment 'b', which the forecast period has customers in")) {
            try forecast(QuotaFile(segments: ["a": .segment(1)]))
        }
        #expect(throws: ForecastError.invalidQuota("segment 'Small' is not in the history; its segments are 'a', 'b', 'c'")) {
            try forecast(QuotaFile(segments: ["a": .segment(1), "b": .segment(1), "Small": .segment(1)]))
        }
        let months = QuotaFile(segments: ["a": .segment(1), "b": .segment(1)], seasonality: Array(repeating: 1.0 / 12, count: 12))
        #expect(throws: ForecastError.invalidQuota("seasonality has 12 weights, but the history is by quarter: expected 4")) {
            try forecast(months)
        }
        #expect(throws: ForecastError.self) { try QuotaFile(segments: ["a": .csms([:])]).validate() }
        #expect(throws: ForecastError.self) { try QuotaFile(segments: ["a": .segment(-1)]).validate() }
        #expect(throws: ForecastError.self) { try QuotaFile(segments: ["a": .segment(1)], seasonality: [0.5, 0.5, 0.5, 0.5]).validate() }
    }
}
