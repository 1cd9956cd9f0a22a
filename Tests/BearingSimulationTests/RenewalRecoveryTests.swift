import BearingFiles
import BearingPanel
import BearingSimulation
import Foundation
import Testing

/// Known truth: on the bundled saas-agency scenario (Large Agency on annual contracts with a 10%
/// early-termination share) the renewal effect the engine simulates is visible in the history
/// an analyst would get — the panel's `contract_term_months` and `renewal_date` — and agrees
/// with the latent truth behind it.
struct RenewalRecoveryTests {
    @Test func renewalEffectIsVisibleInTheHistory() throws {
        let scenario = try BundledScenarioTests.load("saas-agency")
        let h = try MonteCarloEngine(scenario: scenario, seed: 42).historyPanel(trial: 0)
        let panel = h.panel
        let contracts = try #require(panel.contracts)
        let large = Int32(try #require(scenario.segments.firstIndex { $0.name == "Large Agency" }))
        struct Group { var rows = 0, churned = 0; var expected = 0.0, variance = 0.0 }
        var atRenewal = Group(), between = Group(), monthly = Group()
        for r in 0..<panel.rowCount where panel.segment[r] == large {
            let p = Double(h.latent.churnProbability[r])
            func add(_ g: inout Group) {
                g.rows += 1
                g.churned += panel.churned[r] ? 1 : 0
                g.expected += p
                g.variance += p * (1 - p)
            }
            switch contracts.termMonths[r] {
            case 12:
                // What the analyst sees: the term's last day falls in this period.
                let date = try #require(contracts.renewalDate(row: r))
                let first = panel.period[r].firstMonthIndex
                let renews = (first..<first + 3).contains(date.monthIndex)
                #expect(renews == h.latent.renewal[r], "row \(r)")
                if renews { add(&atRenewal) } else { add(&between) }
            case 1:
                add(&monthly)
            default:
                Issue.record("unexpected term \(contracts.termMonths[r]) at row \(r)")
            }
        }
        // Churn of annual contracts concentrates in renewal quarters (about a quarter of them).
        let renewalRate = Double(atRenewal.churned) / Double(atRenewal.rows)
        let betweenRate = Double(between.churned) / Double(between.rows)
        #expect(Double(atRenewal.rows) > 0.2 * Double(atRenewal.rows + between.rows))
        #expect(renewalRate > 10 * betweenRate, "renewal \(renewalRate) vs between \(betweenRate)")
        // Monthly plans of the same segment churn in every quarter, at a rate in between.
        #expect(Double(monthly.churned) / Double(monthly.rows) > betweenRate)
        // Observed counts agree with the latent probabilities they were drawn with.
        for (name, g) in [("renewal", atRenewal), ("between", between), ("monthly", monthly)] {
            #expect(abs(Double(g.churned) - g.expected) <= 4 * g.variance.squareRoot() + 1, "\(name): \(g.churned) vs \(g.expected)")
        }
    }
}
