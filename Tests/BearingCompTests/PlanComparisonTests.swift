import BearingComp
import BearingMetrics
import BearingPanel
import Testing

/// Comparison statistics. Reference values from `Scripts/comparison_reference.py`
/// (scipy 1.x `spearmanr`/`rankdata`, numpy `quantile`, brute-force Gini).
@Suite struct PlanComparisonTests {
    @Test func spearmanMatchesScipy() {
        let cases: [([Double], [Double], Double)] = [
            ([1, 2, 3, 4, 5, 6], [2, 1, 4, 3, 6, 5], 0.82857142857142874),
            ([10, 20, 20, 30, 40, 40, 40, 5], [1.10, 0.95, 1.05, 1.05, 1.30, 0.90, 1.20, 0.80], 0.46310415325687149),
            ([0, 5000, 5000, 12000, 7500, 0, 20000], [0.82, 1.01, 0.97, 1.15, 1.01, 0.85, 1.40], 0.96334329448556555),
        ]
        for (x, y, expected) in cases {
            #expect(abs(RankCorrelation.spearman(x, y) - expected) < 1e-12, "x = \(x)")
        }
        #expect(RankCorrelation.averageRanks([10, 20, 20, 30, 40, 40, 40, 5]) == [2, 3.5, 3.5, 5, 7, 7, 7, 1])
        // NaN pairs are dropped; a constant side has no rank correlation.
        #expect(abs(RankCorrelation.spearman([1, 2, .nan, 3], [1, 2, 5, 3]) - 1) < 1e-12)
        #expect(RankCorrelation.spearman([1, 1, 1], [1, 2, 3]).isNaN)
    }

    @Test func spreadMatchesNumpyAndBruteForceGini() {
        let s = PayoutSpread(pay: [3000, 5000, 5000, 12000, 20000])
        #expect(abs(s.p10 - 3800) < 1e-9)
        #expect(abs(s.p50 - 5000) < 1e-9)
        #expect(abs(s.p90 - 16800) < 1e-9)
        #expect(abs(s.gini - 0.36444444444444446) < 1e-12)
        #expect(abs(PayoutSpread.gini([1, 1, 1, 1])) < 1e-12)
        #expect(abs(PayoutSpread.gini([0, 0, 0, 10]) - 0.75) < 1e-12)
    }

    /// NRR 0.9, 1.0, 1.1, 1.2, 1.3: 0.75 quantile = 1.2 (numpy linear: index 3 of 0...4), so the top
    /// quartile is the CSMs at 1.2 and 1.3 → (400 + 500) / (100 + 200 + 300 + 400 + 500) = 0.6.
    /// A CSM with NaN performance is left out of both sums.
    @Test func topQuartileShareByHand() {
        let share = PlanComparison.topQuartileShare(
            pay: [300, 100, 500, 200, 400, 9999], performance: [1.1, 0.9, 1.3, 1.0, 1.2, .nan])
        #expect(abs(share - 0.6) < 1e-12)
    }

    /// Two CSMs over Q1–Q2; c1 grows (NRR 1.2 each quarter), c2 shrinks (NRR 0.9 then 0.8).
    /// Plan A "flat": 100% base, OTE 100,000 → each CSM 25,000 per quarter, 50,000 in total.
    /// Plan B "nrr": 80/20, NRR weight 1 target 1.0 threshold 0.85 → target payout 5,000 per quarter.
    ///   c1: Q1 1.2 → 6,000; Q2 1.2 → 6,000; variable 12,000; total 40,000 + 12,000 = 52,000.
    ///   c2: Q1 0.9 → 4,500; Q2 0.8 < 0.85 → 0; variable 4,500; total 44,500.
    /// A → B: c1 gains 2,000, c2 loses 5,500.
    /// B's cost 96,500. Retained ARR per quarter: c1 120,000 + 120,000 (Q2 start 100,000 → 120,000),
    /// c2 90,000 then 80,000 → Σ 410,000; retained revenue = 410,000 × 0.25 = 102,500;
    /// cost share = 96,500 / 102,500. Realised NRR: c1 240/200 = 1.2, c2 170/200 = 0.85.
    @Test func sideBySideByHand() throws {
        var b = TestPanel()
        b.add("a", "2025-Q1", csm: "c1", arr: 100_000, expansion: 20_000)
        b.add("b", "2025-Q1", csm: "c2", arr: 100_000, contraction: 10_000)
        b.add("c", "2025-Q2", csm: "c1", arr: 100_000, expansion: 20_000)
        b.add("d", "2025-Q2", csm: "c2", arr: 100_000, contraction: 20_000)
        let flat = CompensationPlan(name: "flat", ote: 100_000, split: PaySplit(base: 1, variable: 0), components: [])
        let nrr = CompensationPlan(
            name: "nrr", ote: 100_000, split: PaySplit(base: 0.8, variable: 0.2),
            components: [PlanComponent(metric: .nrr, weight: 1, target: 1, threshold: 0.85)])
        let a = try PayoutEngine.pay(flat, panel: b.panel)
        let bRun = try PayoutEngine.pay(nrr, panel: b.panel)
        #expect(abs(a.totalCost - 100_000) < 1e-9)
        let s = PlanComparison.summary(bRun)
        #expect(abs(s.totalCost - 96_500) < 1e-9)
        #expect(abs(s.variableCost - 16_500) < 1e-9)
        #expect(abs(s.retainedARR - 410_000) < 1e-9)
        #expect(abs(s.costShareOfRetainedRevenue - 96_500 / 102_500) < 1e-12)
        #expect(abs(s.payPerformanceCorrelation - 1) < 1e-12)
        // Two CSMs: 0.75 quantile of [0.85, 1.2] = 0.85 + 0.75 × 0.35 = 1.1125 → only c1: 12,000 / 16,500.
        #expect(abs(s.topQuartileVariableShare - 12_000.0 / 16_500.0) < 1e-12)
        let people = PlanComparison.performances(bRun)
        #expect(abs(people[1].nrr - 0.85) < 1e-12)

        let moves = try PlanComparison.changes(from: a, to: bRun)
        #expect(moves.map(\.csmID) == ["c1", "c2"])
        #expect(abs(moves[0].change - 2_000) < 1e-9)
        #expect(abs(moves[1].change + 5_500) < 1e-9)

        var stress = PlanStress(planName: "nrr")
        stress.add(bRun)
        stress.add(bRun)
        #expect(stress.summary.trials == 2)
        #expect(abs(stress.summary.totalCost.p50 - 96_500) < 1e-9)
    }

    @Test func changesNeedTheSameWindows() throws {
        var b = TestPanel()
        b.add("a", "2025-Q1", csm: "c1", arr: 1)
        b.add("a", "2025-Q2", csm: "c1", arr: 1)
        let p = CompensationPlan(name: "p", ote: 1, split: PaySplit(base: 1, variable: 0), components: [])
        let one = try PayoutEngine.pay(p, panel: b.panel, to: Period(label: "2025-Q1"))
        let two = try PayoutEngine.pay(p, panel: b.panel)
        #expect(throws: CompError.windowsDiffer("p", "p")) { try PlanComparison.changes(from: one, to: two) }
    }
}

@Suite struct SkillCorrelationTests {
    /// One window, CSMs A–D paid 300, 100, 200 and 0 (D has no book). Hand-computed: the skill
    /// order A > C > B matches pay, so rho = 1; reversed, rho = -1. D, given the highest skill
    /// with zero pay, would break both if it were not excluded for having no book.
    static func run() -> PlanPayouts {
        let pay: [(String, Double, Bool)] = [("A", 300, true), ("B", 100, true), ("C", 200, true), ("D", 0, false)]
        let window = PaymentWindow(label: "2025-Q1", periods: [Period(year: 2025, quarter: 1)], years: 0.25, paymentFraction: 1)
        return PlanPayouts(
            planName: "p", paymentPeriod: .quarterly, windows: [window], csmIDs: pay.map(\.0),
            lines: pay.map { id, variable, hasBook in
                PayoutLine(
                    csmID: id, window: window.label, hasBook: hasBook, book: RetentionTally(), base: 1_000, components: [],
                    commission: variable, salesCommission: 0, clawback: 0)
            })
    }

    @Test func orderedSkillGivesOneReversedMinusOneNoBookExcluded() {
        let run = Self.run()
        #expect(PlanComparison.skillCorrelation(run, skills: ["A": 3, "B": 1, "C": 2, "D": 99]) == 1)
        #expect(PlanComparison.skillCorrelation(run, skills: ["A": -3, "B": -1, "C": -2, "D": 99]) == -1)
        // Ties in skill use average ranks: scipy.stats.spearmanr([300,100,200],[1,0,1]) = 0.8660254037844387.
        let tied = PlanComparison.skillCorrelation(run, skills: ["A": 1, "B": 0, "C": 1, "D": 99])
        #expect(abs(tied - 0.8660254037844387) < 1e-12)
        // CSMs without a skill are left out; one CSM left gives NaN.
        #expect(PlanComparison.skillCorrelation(run, skills: ["A": 1]).isNaN)
    }
}
