import BearingPanel
import BearingScenarioFit
import BearingSimulation
import Foundation
import Testing

/// The fit's building blocks against closed forms and simulated ground truth.
struct EstimatorTests {
    /// A one-factor correlation matrix R = λλᵀ (unit diagonal) is recovered exactly by
    /// principal-axis factoring: the communalities converge to λ².
    @Test func principalAxisRecoversOneFactorLoadings() {
        let lambda = [0.8, 0.7, -0.6, 0.5]
        let k = lambda.count
        var r = [Double](repeating: 0, count: k * k)
        for a in 0..<k {
            for b in 0..<k { r[a * k + b] = a == b ? 1 : lambda[a] * lambda[b] }
        }
        let fitted = GroupFactor.principalAxis(r, size: k)
        let sign = fitted[0] < 0 ? -1.0 : 1.0
        for (got, want) in zip(fitted, lambda) { #expect(abs(sign * got - want) < 1e-6, "\(got) vs \(want)") }
    }

    /// [[2, 1], [1, 2]] has eigenvalues 3 and 1; the top eigenvector is (1, 1)/√2.
    @Test func topEigenpairOfTwoByTwo() {
        let (value, vector) = GroupFactor.topEigenpair([2, 1, 1, 2], size: 2)
        #expect(abs(value - 3) < 1e-10)
        #expect(abs(abs(vector[0]) - 0.5.squareRoot()) < 1e-8 && abs(vector[0] - vector[1]) < 1e-8)
    }

    /// Dark spells with constant transition probabilities (going dark 8%, recovery 30%, 10% dark
    /// at the start) seen through two engagement features: the hidden Markov model recovers the
    /// probabilities, and its P(dark) per row agrees with the simulator's true state.
    @Test func darkChainRecoversConstantTransitions() throws {
        var s = FitTestScenarios.small(customers: [3000, 2000], periods: 8)
        s.dark = DarkDynamics(initial: 0.1, goingDark: .constant(0.08), recovery: .constant(0.3))
        let h = try MonteCarloEngine(scenario: s, seed: 5).historyPanel(trial: 0)
        let chain = try #require(DarkChain(panel: h.panel, rowsByCustomer: PanelIndex(h.panel).rowsByCustomer))
        // Standard errors: ~0.002 (going dark, ~2,500 events), ~0.01 (recovery), ~0.004 (start).
        #expect(abs(chain.goingDark - 0.08) < 0.01, "going dark \(chain.goingDark)")
        #expect(abs(chain.recovery - 0.3) < 0.04, "recovery \(chain.recovery)")
        #expect(abs(chain.initialDark - 0.1) < 0.02, "initial \(chain.initialDark)")
        let truth = h.latent.dark
        let share = Double(truth.filter { $0 }.count) / Double(truth.count)
        let posterior = chain.dark.reduce(0, +) / Double(chain.dark.count)
        #expect(abs(posterior - share) < 0.01, "P(dark) \(posterior) vs true share \(share)")
        var agree = 0
        for (p, d) in zip(chain.dark, truth) where (p > 0.5) == d { agree += 1 }
        #expect(Double(agree) / Double(truth.count) > 0.97)
        #expect(chain.separation > 3)
    }

    @Test func roundingToSignificantDigitsReadsBackExactly() {
        #expect(Rounding.significant(0.123456) == 0.1235)
        #expect(Rounding.significant(-4.23449) == -4.234)
        #expect(Rounding.significant(72345.6) == 72350)
        #expect(Rounding.significant(0.000012345) == 0.00001235)
        #expect(Rounding.significant(0) == 0)
        for x in [0.1235, 0.00001235, 1841.0, -0.02689] {
            #expect(Double(ScenarioYAML.number(x)) == x)
        }
        // Largest remainder: shares sum to exactly 10,000 units.
        let shares = Rounding.shares([1, 1, 1])
        #expect(shares == [0.3334, 0.3333, 0.3333])
        #expect(abs(shares.reduce(0, +) - 1) < 1e-12)
        #expect(Rounding.shares([2, 0, 2]) == [0.5, 0, 0.5])
    }

    @Test func numbersArePlainDecimals() {
        #expect(ScenarioYAML.number(1.234e-05) == "0.00001234")
        #expect(ScenarioYAML.number(-2.5e-07) == "-0.00000025")
        #expect(ScenarioYAML.number(4800) == "4800")
        #expect(ScenarioYAML.number(-0.0) == "0")
        #expect(ScenarioYAML.number(1e20) == "100000000000000000000")
        #expect(ScenarioYAML.number(0.5) == "0.5")
        #expect(ScenarioYAML.quoted("Small \"A\"\\B") == "\"Small \\\"A\\\"\\\\B\"")
    }
}
