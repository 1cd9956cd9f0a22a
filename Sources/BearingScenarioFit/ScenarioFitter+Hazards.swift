import BearingPanel
import BearingSimulation

extension ScenarioFitter {
    /// The contraction share range: uniform [min, max] by method of moments on contraction ÷
    /// ARR of `rows` that contracted (mean ± √3·sd); 0.1–0.3 with fewer than 2 contractions.
    static func contractionShare(panel: HistoryPanel, rows: [Int]) -> (Hazards.ShareRange, FitSource) {
        var shares: [Double] = []
        for r in rows where panel.contractionARR[r] > 0 && panel.arr[r] > 0 {
            shares.append(min(1, panel.contractionARR[r] / panel.arr[r]))
        }
        guard shares.count >= 2 else {
            return (.init(min: 0.1, max: 0.3), FitSource(.defaulted, "fewer than 2 contractions in the history"))
        }
        let mean = shares.reduce(0, +) / Double(shares.count)
        let sd = (shares.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(shares.count)).squareRoot()
        let lo = max(0, mean - 3.0.squareRoot() * sd)
        return (
            .init(min: lo, max: max(lo, min(1, mean + 3.0.squareRoot() * sd))),
            FitSource(
                .estimated,
                "uniform by method of moments on \(FitText.count(shares.count)) contractions (mean share \(FitText.percent(mean)))")
        )
    }

    /// Going dark and recovery as logistic functions of the latent state and fit: weighted
    /// regressions of the dark chain's smoothed transition posteriors between consecutive rows
    /// (weight P(engaged) with label P(engaged → dark) / P(engaged), and the same for recovery).
    static func darkTransitions(
        chain: DarkChain, rowsByCustomer: [[Int32]], design: HazardDesign
    ) -> (goingDark: LogisticEffect, recovery: LogisticEffect) {
        var engagedRows: [Int] = []
        var engagedLabels: [Double] = []
        var engagedWeights: [Double] = []
        var darkRows: [Int] = []
        var darkLabels: [Double] = []
        var darkWeights: [Double] = []
        for customerRows in rowsByCustomer {
            for r32 in customerRows.dropLast() {
                let r = Int(r32)
                let p = chain.dark[r]
                if 1 - p > 1e-9 {
                    engagedRows.append(r)
                    engagedWeights.append(1 - p)
                    engagedLabels.append(min(1, max(0, chain.toDark[r] / (1 - p))))
                }
                if p > 1e-9 {
                    darkRows.append(r)
                    darkWeights.append(p)
                    darkLabels.append(min(1, max(0, chain.toEngaged[r] / p)))
                }
            }
        }
        return (
            design.fit(rows: engagedRows, labels: engagedLabels, weights: engagedWeights, withDark: false),
            design.fit(rows: darkRows, labels: darkLabels, weights: darkWeights, withDark: false)
        )
    }
}
