import BearingPanel
import BearingSimulation

/// The covariates of every logistic hazard of a fitted scenario, per panel row: the
/// regression-calibrated latent direction and experience (E[state | scores], so slopes are not
/// attenuated by the scores' noise), P(dark) from the dark chain, and fit. An axis that is not
/// identified (no features) is left out, and its slope stays 0.
struct HazardDesign: Sendable {
    let direction: [Double]?
    let experience: [Double]?
    let dark: [Double]?
    let stretch: [Double]
    let bad: [Double]

    init(panel: HistoryPanel, direction: LatentAxisFit, experience: LatentAxisFit, dark: [Double]?) {
        self.direction = direction.identified ? direction.calibrated : nil
        self.experience = experience.identified ? experience.calibrated : nil
        self.dark = dark
        stretch = panel.fit.map { $0 == .stretch ? 1 : 0 }
        bad = panel.fit.map { $0 == .bad ? 1 : 0 }
    }

    /// Maximum-likelihood `LogisticEffect` of `labels` (one per entry of `rows`, in [0, 1]) on
    /// the covariates of `rows`; `withDark` false leaves the dark slope out (going dark and
    /// recovery, where the state is known).
    func fit(rows: [Int], labels: [Double], weights: [Double]? = nil, withDark: Bool = true) -> LogisticEffect {
        var columns: [[Double]] = []
        var slots: [Slot] = []
        func add(_ values: [Double]?, _ slot: Slot) {
            guard let values else { return }
            columns.append(rows.map { values[$0] })
            slots.append(slot)
        }
        add(direction, .direction)
        add(experience, .experience)
        if withDark { add(dark, .dark) }
        // A fit nobody has would only be pinned by the ridge; leave it out instead.
        if rows.contains(where: { stretch[$0] > 0 }) { add(stretch, .stretch) }
        if rows.contains(where: { bad[$0] > 0 }) { add(bad, .bad) }
        let fit = WeightedLogistic.fit(columns: columns, labels: labels, weights: weights)
        var effect = LogisticEffect(intercept: fit.intercept)
        for (slot, beta) in zip(slots, fit.coefficients) {
            switch slot {
            case .direction: effect.direction = beta
            case .experience: effect.experience = beta
            case .dark: effect.dark = beta
            case .stretch: effect.fit.stretch = beta
            case .bad: effect.fit.bad = beta
            }
        }
        return effect
    }

    enum Slot { case direction, experience, dark, stretch, bad }
}
