import BearingFiles
import BearingPanel
import BearingScenarioFit
import BearingSimulation
import Foundation
import Testing

/// Recovery of contract terms and new-logo acquisition: simulate a scenario with a fixed seed,
/// fit, and compare the fitted scenario's `contracts` and `new_logos` with the truth. Tolerances
/// are sampling errors of the history (stated at each check); the estimators are in
/// `docs/scenario-model.md` ("Fitting a scenario to a history").
struct ContractFitRecoveryTests {
    static func bundled(_ name: String) throws -> Scenario {
        try ConfigDecoder().decode(Scenario.self, fromFile: FitTestScenarios.bundledDirectory.appendingPathComponent("\(name).yaml").path)
    }

    /// The matching is not what these tests check: one short round keeps them fast.
    static let options = ScenarioFitOptions(name: "recovered", matchingCustomerPeriods: 100_000, matchingRounds: 1, threads: 2)

    static func termShares(_ contracts: [ContractTermSpec]) -> [Int: Double] {
        contracts.reduce(into: [:]) { $0[$1.termMonths, default: 0] += $1.share }
    }

    @Test(arguments: ["saas-agency", "plg-monthly"])
    func bundledContractsAndNewLogosAreRecovered(name: String) throws {
        let truth = try Self.bundled(name)
        let history = try MonteCarloEngine(scenario: truth, seed: 42).historyPanel(trial: 0).panel
        let fitted = try ScenarioFitter.fit(panel: history, options: Self.options)
        let acquisitionPeriods = Double(truth.periods.count - 1)
        for t in truth.segments {
            let f = try #require(fitted.scenario.segments.first { $0.name == t.name })
            // Term mix: ±0.05 absolute per term for segments of 500+ customers (the binomial
            // sd of a share over 1,000 customers is at most 0.016).
            let want = Self.termShares(t.contracts)
            let got = Self.termShares(f.contracts)
            #expect(Set(got.keys) == Set(want.keys), "\(name) \(t.name): terms \(got) vs \(want)")
            if t.customers >= 500 {
                for (term, share) in want {
                    #expect(abs((got[term] ?? 0) - share) <= 0.05, "\(name) \(t.name) \(term) months: \(got[term] ?? 0) vs \(share)")
                }
            }
            // Early termination: within half the true share (about two standard errors with the
            // 20-odd early terminations these histories hold); uplift within 0.3 points (3 se).
            for c in t.contracts where c.termMonths > (truth.periods.granularity == .quarter ? 3 : 1) {
                let e = try #require(f.contracts.first { $0.termMonths == c.termMonths }).earlyTermination
                #expect(abs(e - c.earlyTermination) <= max(0.02, 0.5 * c.earlyTermination), "\(name) \(t.name): early termination \(e)")
            }
            for c in t.contracts {
                let u = f.contracts.first { $0.termMonths == c.termMonths }?.uplift
                if let want = c.uplift {
                    let got = try #require(u, "\(name) \(t.name): no uplift fitted")
                    #expect(abs(got.mean - want.mean) <= 0.003 && abs(got.sd - want.sd) <= 0.003, "\(name) \(t.name): uplift \(got)")
                } else {
                    #expect(u == nil, "\(name) \(t.name): uplift \(String(describing: u)) fitted where there is none")
                }
            }

            // Acquisition: the mean count per period within 3 standard errors of the truth.
            let logos = try #require(t.newLogos)
            let fittedLogos = try #require(f.newLogos, "\(name) \(t.name): no new logos fitted")
            let sd = logos.sd ?? logos.mean.squareRoot()
            #expect(abs(fittedLogos.mean - logos.mean) <= 3 * sd / acquisitionPeriods.squareRoot(), "\(name) \(t.name): mean \(fittedLogos.mean)")
            if let trueSD = logos.sd {
                // Sample sd of n counts: standard error about sd / sqrt(2(n - 1)).
                let got = try #require(fittedLogos.sd, "\(name) \(t.name): over-dispersion not found")
                #expect(abs(got - trueSD) <= 3 * trueSD / (2 * (acquisitionPeriods - 1)).squareRoot(), "\(name) \(t.name): sd \(got)")
            } else {
                #expect(fittedLogos.sd == nil, "\(name) \(t.name): Poisson counts fitted as over-dispersed")
            }
            // Fit mix and ARR of the new logos (3 binomial / lognormal standard errors, plus rounding).
            let acquired = logos.mean * acquisitionPeriods
            let wantFit = logos.fit ?? t.fit
            let gotFit = try #require(fittedLogos.fit)
            for fit in Fit.allCases {
                let p = wantFit[fit]
                #expect(abs(gotFit[fit] - p) <= 3 * (p * (1 - p) / acquired).squareRoot() + 0.005, "\(name) \(t.name) \(fit): \(gotFit[fit])")
            }
            let wantARR = logos.arr ?? t.arr
            let gotARR = try #require(fittedLogos.arr)
            #expect(abs(log(gotARR.median / wantARR.median)) <= 3 * wantARR.sigma / acquired.squareRoot() + 0.01, "\(name) \(t.name): ARR \(gotARR)")
            // Ramp: the steps are deterministic, so the start is exact up to rounding.
            if let ramp = logos.ramp {
                let got = try #require(fittedLogos.ramp, "\(name) \(t.name): no ramp fitted")
                #expect(got.periods == ramp.periods && abs(got.start - ramp.start) <= 0.02, "\(name) \(t.name): ramp \(got)")
            } else {
                #expect(fittedLogos.ramp == nil)
            }
            // Start shift on direction, in stationary sds (the fitted latent scale is the factor
            // scores'): within 20% of the truth's, and absent where the truth has none.
            let shift = logos.startShift?.direction ?? 0
            func stationary(_ p: LatentProcess) -> Double { p.noise / (1 - p.persistence * p.persistence).squareRoot() }
            let wantRatio = shift / stationary(truth.latent.direction)
            let gotRatio = (fittedLogos.startShift?.direction ?? 0) / stationary(fitted.scenario.latent.direction)
            #expect(abs(gotRatio - wantRatio) <= max(0.15, 0.2 * abs(wantRatio)), "\(name) \(t.name): start shift \(gotRatio) sd vs \(wantRatio)")
        }
        // Every contract and new-logo key has its source comment, and the YAML reads back.
        let yaml = ScenarioYAML.render(fitted)
        #expect(yaml.contains("# term mix of the") && yaml.contains("customers first seen after"))
        #expect(try ConfigDecoder().decode(Scenario.self, from: yaml, file: "\(name)-fitted.yaml") == fitted.scenario)
        // The backcast acquires too; the forward scenario starts after the history.
        #expect(fitted.backcast.segments.allSatisfy { $0.newLogos != nil })
    }

    /// Renewals concentrated in one calendar month, and early termination and uplift large
    /// enough to pin down: 3,000 Enterprise customers, 70% on annual contracts, most renewing in
    /// June.
    @Test func renewalMonthEarlyTerminationAndUpliftAreRecovered() throws {
        var truth = FitTestScenarios.small(customers: [1000, 3000], periods: 8)
        let uplift = ContractTermSpec.Uplift(mean: 0.05, sd: 0.02)
        truth.segments[1].contracts = [
            ContractTermSpec(termMonths: 12, share: 0.5, renewalMonth: 6, uplift: uplift, earlyTermination: 0.3),
            ContractTermSpec(termMonths: 12, share: 0.2, uplift: uplift, earlyTermination: 0.3),
            ContractTermSpec(termMonths: 1, share: 0.3),
        ]
        let history = try MonteCarloEngine(scenario: truth, seed: 5).historyPanel(trial: 0).panel
        let fitted = try ScenarioFitter.fit(panel: history, options: Self.options)
        let f = fitted.scenario.segments[1].contracts
        // June holds 0.5 + 0.2 / 12 of the segment (the spread entry's June share joins it);
        // every other month 0.2 / 12 (under 5% of the annual customers each): one spread entry.
        let june = try #require(f.first { $0.renewalMonth == 6 }, "\(f)")
        #expect(abs(june.share - (0.5 + 0.2 / 12)) <= 0.05 && june.termMonths == 12)
        #expect(f.filter { $0.renewalMonth != nil }.count == 1)
        #expect(abs((Self.termShares(f)[12] ?? 0) - 0.7) <= 0.05 && abs((Self.termShares(f)[1] ?? 0) - 0.3) <= 0.05)
        // Early termination: about 150 early terminations, se ≈ 0.03; within 0.1.
        #expect(abs(june.earlyTermination - 0.3) <= 0.1, "early termination \(june.earlyTermination)")
        let got = try #require(june.uplift)
        #expect(abs(got.mean - 0.05) <= 0.003 && abs(got.sd - 0.02) <= 0.003, "uplift \(got)")
        #expect(fitted.scenario.segments[0].contracts.isEmpty && fitted.scenario.segments[1].newLogos == nil)
        #expect(fitted.source("segments[Enterprise].contracts.renewal_month")?.detail.contains("month 6 holds 5%+") == true)
        let yaml = ScenarioYAML.render(fitted)
        #expect(yaml.contains("renewal_month: 6"))
        #expect(try ConfigDecoder().decode(Scenario.self, from: yaml, file: "june.yaml") == fitted.scenario)
    }

    /// A history without contract columns or new logos fits as before: no contracts, no
    /// acquisition, and a note says why.
    @Test func historyWithoutContractsOrNewLogos() throws {
        let truth = FitTestScenarios.small(customers: [300, 200], periods: 4)
        var history = try MonteCarloEngine(scenario: truth, seed: 3).historyPanel(trial: 0).panel
        history.contracts = nil
        let fitted = try ScenarioFitter.fit(panel: history, options: Self.options)
        #expect(fitted.scenario.segments.allSatisfy { $0.contracts.isEmpty && $0.newLogos == nil })
        #expect(fitted.notes.contains { $0.hasPrefix("contracts: the history has no contract_term_months") })
    }
}
