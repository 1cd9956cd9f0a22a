import BearingScenarioFit
import Foundation
import Testing

/// `WeightedLogistic` against statsmodels and scikit-learn (`reference/weighted_logistic.py`,
/// whose data formula `data()` repeats).
struct WeightedLogisticTests {
    static func data(_ n: Int = 400) -> (x: [[Double]], u: [Double], w: [Double]) {
        var x: [[Double]] = [[], [], []]
        var u: [Double] = []
        var w: [Double] = []
        for i in 0..<n {
            x[0].append(sin(0.37 * Double(i)) * 1.5)
            x[1].append(cos(0.11 * Double(i) + 0.5))
            x[2].append(Double((i * 37) % 11) / 10 - 0.5)
            u.append(Double((i * 1_103_515_245 + 12345) % (1 << 31)) / Double(1 << 31))
            w.append(1 + Double(i % 4) * 0.5)
        }
        return (x, u, w)
    }

    static func logistic(_ t: Double) -> Double { 1 / (1 + exp(-t)) }

    /// Printed by the script: statsmodels Logit, tol 1e-14.
    @Test func binaryLabelsMatchStatsmodels() {
        let (x, u, _) = Self.data()
        let labels = u.indices.map { i in
            u[i] < Self.logistic(-0.5 + 0.8 * x[0][i] - 1.2 * x[1][i] + 0.3 * x[2][i]) ? 1.0 : 0.0
        }
        let fit = WeightedLogistic.fit(columns: x, labels: labels)
        let reference = [-0.5296294404, 0.9357048841, -1.3237175386, -0.2500815161]
        #expect(fit.converged)
        for (got, want) in zip([fit.intercept] + fit.coefficients, reference) {
            // The default ridge (1e-6) moves these by ~1e-8; the rest is the printed precision.
            #expect(abs(got - want) < 1e-6, "\(got) vs \(want)")
        }
    }

    /// Printed by the script: scikit-learn on the two-row expansion (statsmodels GLM with
    /// var_weights agrees to 1e-8).
    @Test func fractionalWeightedLabelsMatchScikitLearn() {
        let (x, u, w) = Self.data()
        let labels = u.indices.map { i in
            0.7 * Self.logistic(0.3 - 0.6 * x[0][i] + 0.9 * x[1][i] + 0.2 * x[2][i]) + 0.3 * u[i]
        }
        let fit = WeightedLogistic.fit(columns: x, labels: labels, weights: w)
        let reference = [0.1932039325, -0.3928067884, 0.5669764183, 0.1314159831]
        #expect(fit.converged)
        for (got, want) in zip([fit.intercept] + fit.coefficients, reference) {
            #expect(abs(got - want) < 1e-6, "\(got) vs \(want)")
        }
        #expect(abs(fit.weightSum - w.reduce(0, +)) < 1e-9)
    }

    /// A column of zeros (no stretch-fit customers) stays at 0 instead of breaking the solve,
    /// and an intercept-only fit is the logit of the weighted mean label (closed form).
    @Test func degenerateColumnsAndInterceptOnly() {
        let labels = [1.0, 0, 0, 0, 1, 0, 0, 0]
        let weights = [2.0, 1, 1, 1, 1, 1, 1, 1]
        let fit = WeightedLogistic.fit(columns: [[Double](repeating: 0, count: 8)], labels: labels, weights: weights)
        let rate = 3.0 / 9.0
        #expect(abs(fit.intercept - log(rate / (1 - rate))) < 1e-9)
        #expect(abs(fit.coefficients[0]) < 1e-12)
        let empty = WeightedLogistic.fit(columns: [], labels: [], weights: nil)
        #expect(empty.intercept == 0 && empty.weightSum == 0)
    }
}
