import BearingPanel
import BearingRandom
import Foundation
import Testing

@testable import BearingForecast

/// Counts simulated by `reference/bdw_reference.py` from the category model itself (numpy seed
/// 20261125; truth α = 0.9, β = 2.5, shifts positive −0.6, negative 0.8, ghost 1.4, neutral
/// the reference; 5 cohorts of 800–1,200 customers over 4–8 periods, categories moving by a
/// Markov chain) and scipy's MLE on them (Nelder–Mead then BFGS; standard errors from a
/// finite-difference Hessian).
enum CategoryReference {
    static let rows: [(String, Int, VectorCategory, Int, Int)] = [
        ("c0", 1, .positive, 293, 55), ("c0", 1, .neutral, 316, 73), ("c0", 1, .negative, 133, 64),
        ("c0", 1, .ghost, 58, 34), ("c0", 2, .positive, 228, 28), ("c0", 2, .neutral, 212, 39),
        ("c0", 2, .negative, 100, 39), ("c0", 2, .ghost, 34, 18), ("c0", 3, .positive, 180, 9),
        ("c0", 3, .neutral, 176, 28), ("c0", 3, .negative, 67, 24), ("c0", 3, .ghost, 27, 10),
        ("c0", 4, .positive, 147, 17), ("c0", 4, .neutral, 150, 24), ("c0", 4, .negative, 54, 22),
        ("c0", 4, .ghost, 28, 10), ("c0", 5, .positive, 125, 9), ("c0", 5, .neutral, 109, 14),
        ("c0", 5, .negative, 45, 7), ("c0", 5, .ghost, 27, 14), ("c0", 6, .positive, 104, 4),
        ("c0", 6, .neutral, 95, 12), ("c0", 6, .negative, 38, 9), ("c0", 6, .ghost, 25, 9),
        ("c0", 7, .positive, 82, 5), ("c0", 7, .neutral, 83, 7), ("c0", 7, .negative, 45, 11),
        ("c0", 7, .ghost, 18, 6), ("c0", 8, .positive, 64, 0), ("c0", 8, .neutral, 71, 7),
        ("c0", 8, .negative, 41, 8), ("c0", 8, .ghost, 23, 7), ("c1", 1, .positive, 312, 53),
        ("c1", 1, .neutral, 368, 80), ("c1", 1, .negative, 162, 71), ("c1", 1, .ghost, 58, 27),
        ("c1", 2, .positive, 245, 29), ("c1", 2, .neutral, 270, 44), ("c1", 2, .negative, 106, 40),
        ("c1", 2, .ghost, 48, 28), ("c1", 3, .positive, 197, 21), ("c1", 3, .neutral, 215, 28),
        ("c1", 3, .negative, 84, 28), ("c1", 3, .ghost, 32, 15), ("c1", 4, .positive, 165, 10),
        ("c1", 4, .neutral, 170, 26), ("c1", 4, .negative, 78, 18), ("c1", 4, .ghost, 23, 10),
        ("c1", 5, .positive, 145, 4), ("c1", 5, .neutral, 145, 27), ("c1", 5, .negative, 59, 22),
        ("c1", 5, .ghost, 23, 5), ("c1", 6, .positive, 123, 3), ("c1", 6, .neutral, 110, 8),
        ("c1", 6, .negative, 54, 13), ("c1", 6, .ghost, 27, 7), ("c1", 7, .positive, 106, 5),
        ("c1", 7, .neutral, 101, 13), ("c1", 7, .negative, 47, 9), ("c1", 7, .ghost, 29, 4),
        ("c2", 1, .positive, 357, 58), ("c2", 1, .neutral, 397, 103), ("c2", 1, .negative, 182, 78),
        ("c2", 1, .ghost, 64, 40), ("c2", 2, .positive, 261, 33), ("c2", 2, .neutral, 303, 55),
        ("c2", 2, .negative, 125, 46), ("c2", 2, .ghost, 32, 22), ("c2", 3, .positive, 223, 21),
        ("c2", 3, .neutral, 206, 46), ("c2", 3, .negative, 102, 31), ("c2", 3, .ghost, 34, 9),
        ("c2", 4, .positive, 175, 9), ("c2", 4, .neutral, 177, 23), ("c2", 4, .negative, 77, 25),
        ("c2", 4, .ghost, 29, 9), ("c2", 5, .positive, 149, 13), ("c2", 5, .neutral, 155, 19),
        ("c2", 5, .negative, 51, 11), ("c2", 5, .ghost, 37, 8), ("c2", 6, .positive, 119, 3),
        ("c2", 6, .neutral, 123, 15), ("c2", 6, .negative, 62, 12), ("c2", 6, .ghost, 37, 8),
        ("c3", 1, .positive, 373, 52), ("c3", 1, .neutral, 472, 122), ("c3", 1, .negative, 182, 74),
        ("c3", 1, .ghost, 73, 43), ("c3", 2, .positive, 282, 44), ("c3", 2, .neutral, 334, 54),
        ("c3", 2, .negative, 136, 53), ("c3", 2, .ghost, 57, 35), ("c3", 3, .positive, 233, 25),
        ("c3", 3, .neutral, 264, 40), ("c3", 3, .negative, 92, 19), ("c3", 3, .ghost, 34, 18),
        ("c3", 4, .positive, 192, 11), ("c3", 4, .neutral, 199, 31), ("c3", 4, .negative, 96, 24),
        ("c3", 4, .ghost, 34, 15), ("c3", 5, .positive, 154, 10), ("c3", 5, .neutral, 164, 28),
        ("c3", 5, .negative, 98, 26), ("c3", 5, .ghost, 24, 6), ("c4", 1, .positive, 418, 75),
        ("c4", 1, .neutral, 477, 129), ("c4", 1, .negative, 216, 96), ("c4", 1, .ghost, 89, 57),
        ("c4", 2, .positive, 306, 35), ("c4", 2, .neutral, 325, 67), ("c4", 2, .negative, 149, 48),
        ("c4", 2, .ghost, 63, 32), ("c4", 3, .positive, 240, 19), ("c4", 3, .neutral, 253, 32),
        ("c4", 3, .negative, 115, 32), ("c4", 3, .ghost, 53, 20), ("c4", 4, .positive, 209, 25),
        ("c4", 4, .neutral, 225, 33), ("c4", 4, .negative, 85, 23), ("c4", 4, .ghost, 39, 14),
    ]
    static var counts: [CategoryPeriodCount] {
        rows.map { CategoryPeriodCount(cohort: $0.0, period: $0.1, category: $0.2, atRisk: $0.3, churned: $0.4) }
    }
    static let alpha = 0.875439379244805, beta = 2.5761422572106523
    static let positive = -0.5869504718580152, negative = 0.8600566969735232, ghost = 1.3992792173261868
    static let logLikelihood = -7823.417318046793
    static let alphaSE = 0.06073715950301444, betaSE = 0.21545725027046064
    static let positiveSE = 0.0517849617055923, negativeSE = 0.05118361993275375, ghostSE = 0.06787133688077748
}

@Suite struct CategoryShiftedBetaGeometricTests {
    func relative(_ a: Double, _ b: Double) -> Double { abs(a - b) / max(abs(b), 1e-300) }

    @Test func fitMatchesScipy() throws {
        let fit = try CategoryShiftedBetaGeometric.fit(CategoryReference.counts)
        let m = fit.model
        #expect(relative(m.alpha, CategoryReference.alpha) < 1e-5)
        #expect(relative(m.beta, CategoryReference.beta) < 1e-5)
        #expect(abs((m.shifts.positive ?? .nan) - CategoryReference.positive) < 1e-5)
        #expect(abs((m.shifts.negative ?? .nan) - CategoryReference.negative) < 1e-5)
        #expect(abs((m.shifts.ghost ?? .nan) - CategoryReference.ghost) < 1e-5)
        #expect(m.shifts.neutral == 0 && m.reference == .neutral)
        #expect(fit.logLikelihood >= CategoryReference.logLikelihood - 1e-9)
        #expect(fit.logLikelihood - CategoryReference.logLikelihood < 1e-7)
        #expect(relative(fit.alphaStandardError, CategoryReference.alphaSE) < 1e-3)
        #expect(relative(fit.betaStandardError, CategoryReference.betaSE) < 1e-3)
        #expect(relative(fit.shiftStandardErrors.positive ?? .nan, CategoryReference.positiveSE) < 1e-3)
        #expect(relative(fit.shiftStandardErrors.negative ?? .nan, CategoryReference.negativeSE) < 1e-3)
        #expect(relative(fit.shiftStandardErrors.ghost ?? .nan, CategoryReference.ghostSE) < 1e-3)
        #expect(fit.shiftStandardErrors.neutral == nil)
        #expect(fit.customerPeriods == CategoryReference.rows.reduce(0) { $0 + $1.3 })
        #expect(fit.iterations < 30)
        // The likelihood function agrees with the fit's value.
        #expect(abs(m.logLikelihood(CategoryReference.counts) - fit.logLikelihood) < 1e-9)
        // Churn ordered as the shifts say, and falling with tenure in every category.
        let p = VectorCategory.allCases.map { m.churnProbability(at: 3, category: $0) ?? .nan }
        #expect(p[0] < p[1] && p[1] < p[2] && p[2] < p[3])
        #expect((m.churnProbability(at: 1, category: .ghost) ?? 0) > (m.churnProbability(at: 8, category: .ghost) ?? 1))
        // Another reference category re-expresses the same fit.
        let positiveReference = try CategoryShiftedBetaGeometric.fit(CategoryReference.counts, reference: .positive)
        #expect(abs(positiveReference.logLikelihood - fit.logLikelihood) < 1e-8)
        #expect(abs((positiveReference.model.shifts.neutral ?? .nan) + CategoryReference.positive) < 1e-5)
    }

    /// One category (every cell relabelled to the reference) is the sBG model: the same
    /// likelihood function and the same maximum as `ShiftedBetaGeometric.fit` on the cohorts'
    /// survivor counts.
    @Test func oneCategoryIsShiftedBetaGeometric() throws {
        let merged = CategoryReference.counts.map {
            CategoryPeriodCount(cohort: $0.cohort, period: $0.period, category: .neutral, atRisk: $0.atRisk, churned: $0.churned)
        }
        var survivors: [String: [Int]] = [:]
        for cohort in ["c0", "c1", "c2", "c3", "c4"] {
            let cells = merged.filter { $0.cohort == cohort }
            let last = cells.map(\.period).max() ?? 0
            var series: [Int] = []
            for t in 1...last { series.append(cells.filter { $0.period == t }.reduce(0) { $0 + $1.atRisk }) }
            let final = cells.filter { $0.period == last }.reduce(0) { $0 + $1.atRisk - $1.churned }
            survivors[cohort] = series + [final]
        }
        let cohorts = survivors.keys.sorted().map { SurvivalCounts(cohort: $0, survivors: survivors[$0] ?? []) }
        let sbg = try ShiftedBetaGeometric.fit(cohorts)
        let single = try CategoryShiftedBetaGeometric.fit(merged)
        #expect(relative(single.model.alpha, sbg.alpha) < 1e-8)
        #expect(relative(single.model.beta, sbg.beta) < 1e-8)
        #expect(abs(single.logLikelihood - sbg.logLikelihood) < 1e-8)
        #expect(relative(single.alphaStandardError, sbg.standardErrors[0]) < 1e-6)
        #expect(single.model.shifts.positive == nil && single.model.shifts.ghost == nil)
        // And the hazard is sBG's 1 − r(t).
        for t in 1...8 {
            #expect(relative(single.model.churnProbability(at: t, category: .neutral) ?? .nan, 1 - sbg.model.retentionRate(at: t)) < 1e-12)
        }
    }

    /// Counts simulated from the model with Bearing's own streams (20 cohorts of 5,000, up to 10
    /// periods, categories by a Markov chain): every estimate within 4 standard errors of the truth.
    @Test func recoversSimulatedParameters() throws {
        let truth = try CategoryShiftedBetaGeometric(
            alpha: 0.6, beta: 1.8, reference: .neutral, shifts: CategoryValues(positive: -0.8, negative: 0.7, ghost: 1.6))
        let start: [Double] = [0.3, 0.45, 0.18, 0.07]
        let move: [[Double]] = [[0.7, 0.2, 0.07, 0.03], [0.15, 0.65, 0.15, 0.05], [0.05, 0.25, 0.6, 0.1], [0.05, 0.2, 0.2, 0.55]]
        var counts: [CategoryPeriodCount] = []
        for cohort in 0..<20 {
            var atRisk = [0, 0, 0, 0]
            var rng = RandomStream(key: StreamKey(seed: 2026, trial: 0, customer: UInt32(cohort), period: 0))
            for _ in 0..<5000 { atRisk[rng.nextCategorical(start) ?? 0] += 1 }
            for t in 1...(10 - cohort / 2) {
                var next = [0, 0, 0, 0]
                for category in VectorCategory.allCases {
                    let k = Int(category.rawValue)
                    let h = truth.churnProbability(at: t, category: category) ?? 0
                    var churned = 0
                    for _ in 0..<atRisk[k] {
                        if rng.nextDouble() < h { churned += 1 } else { next[rng.nextCategorical(move[k]) ?? 0] += 1 }
                    }
                    counts.append(CategoryPeriodCount(cohort: "c\(cohort)", period: t, category: category, atRisk: atRisk[k], churned: churned))
                }
                atRisk = next
            }
        }
        let fit = try CategoryShiftedBetaGeometric.fit(counts)
        #expect(abs(fit.model.alpha - 0.6) < 4 * fit.alphaStandardError, "alpha \(fit.model.alpha) ± \(fit.alphaStandardError)")
        #expect(abs(fit.model.beta - 1.8) < 4 * fit.betaStandardError, "beta \(fit.model.beta) ± \(fit.betaStandardError)")
        for (category, value) in [(VectorCategory.positive, -0.8), (.negative, 0.7), (.ghost, 1.6)] {
            let estimate = fit.model.shifts[category] ?? .nan
            let se = fit.shiftStandardErrors[category] ?? .nan
            #expect(abs(estimate - value) < 4 * se, "\(category): \(estimate) ± \(se)")
            #expect(se < 0.05)
        }
    }

    @Test func invalidCountsThrowTypedErrors() {
        #expect(throws: RetentionModelError.invalidCategoryCount(cohort: "a", period: 0, category: "neutral", atRisk: 5, churned: 1)) {
            try CategoryShiftedBetaGeometric.fit([CategoryPeriodCount(cohort: "a", period: 0, category: .neutral, atRisk: 5, churned: 1)])
        }
        #expect(throws: RetentionModelError.invalidCategoryCount(cohort: "all", period: 1, category: "ghost", atRisk: 5, churned: 6)) {
            try CategoryShiftedBetaGeometric.fit([CategoryPeriodCount(period: 1, category: .ghost, atRisk: 5, churned: 6)])
        }
        #expect(throws: RetentionModelError.referenceCategoryUnobserved(category: "neutral")) {
            try CategoryShiftedBetaGeometric.fit([CategoryPeriodCount(period: 1, category: .ghost, atRisk: 5, churned: 2)])
        }
        #expect(throws: RetentionModelError.categoryShiftUnbounded(category: "ghost", atRisk: 5, churned: 0)) {
            try CategoryShiftedBetaGeometric.fit([
                CategoryPeriodCount(period: 1, category: .neutral, atRisk: 50, churned: 9),
                CategoryPeriodCount(period: 2, category: .neutral, atRisk: 41, churned: 5),
                CategoryPeriodCount(period: 1, category: .ghost, atRisk: 5, churned: 0),
            ])
        }
        #expect(throws: RetentionModelError.noChurn) {
            try CategoryShiftedBetaGeometric.fit([CategoryPeriodCount(period: 1, category: .neutral, atRisk: 5, churned: 0)])
        }
    }

    @Test func encodesCategoriesByLabel() throws {
        let m = try CategoryShiftedBetaGeometric(alpha: 1, beta: 2, reference: .positive, shifts: CategoryValues(negative: 0.5))
        #expect(m.shifts.positive == 0 && m.shifts.neutral == nil)
        #expect(m.churnProbability(at: 1, category: .neutral) == nil)
        #expect(relative(m.churnProbability(at: 1, category: .positive) ?? .nan, 1.0 / 3) < 1e-15)
        let cell = CategoryPeriodCount(cohort: "2024-Q1", period: 2, category: .ghost, atRisk: 10, churned: 3)
        let json = try JSONEncoder().encode(cell)
        #expect(String(decoding: json, as: UTF8.self).contains("\"category\":\"ghost\""))
        #expect(String(decoding: json, as: UTF8.self).contains("\"at_risk\":10"))
        #expect(try JSONDecoder().decode(CategoryPeriodCount.self, from: json) == cell)
        #expect(try JSONDecoder().decode(CategoryShiftedBetaGeometric.self, from: JSONEncoder().encode(m)) == m)
    }
}
