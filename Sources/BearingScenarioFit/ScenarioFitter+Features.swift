import BearingPanel
import BearingSimulation

extension ScenarioFitter {
    /// One `FeatureSpec` per panel feature, in panel order, and their sources: centre, scale,
    /// missing rate and clamps from the column's moments; outcome and experience features load
    /// on their group's factor (noise √(1 − λ²)); engagement features take the dark chain's
    /// engaged-state centre and scale and its dark shift (noise 1), or their plain moments
    /// when there is no dark state.
    static func featureSpecs(
        moments: [FeatureMoments], direction: GroupFactor, experience: GroupFactor, chain: DarkChain?
    ) -> ([BearingSimulation.FeatureSpec], [String: FitSource]) {
        var specs: [BearingSimulation.FeatureSpec] = []
        var sources: [String: FitSource] = [:]
        for (j, m) in moments.enumerated() {
            var spec = BearingSimulation.FeatureSpec(
                name: m.name, center: m.mean, scale: m.sd, loadings: .init(), noise: 1, missing: m.missingRate, min: m.min,
                max: m.max)
            let key = "features[\(m.name)]"
            switch m.group {
            case .outcome, .experience:
                let factor = m.group == .outcome ? direction : experience
                if let i = factor.columns.firstIndex(of: j) {
                    let l = factor.loadings[i]
                    if m.group == .outcome { spec.loadings.direction = l } else { spec.loadings.experience = l }
                    spec.noise = max(0, 1 - l * l).squareRoot()
                }
                sources[key] = FitSource(
                    factor.features.count >= 3 ? .estimated : .defaulted,
                    "mean and sd of \(FitText.count(m.observed)) values; loading by \(factor.method)")
            case .engagement:
                if let chain, let i = chain.columns.firstIndex(of: j) {
                    let engagedMean = chain.means[0][i]
                    let engagedSD = chain.sds[0][i]
                    spec.center = m.mean + m.sd * engagedMean
                    spec.scale = m.sd * engagedSD
                    spec.loadings.dark = (chain.means[1][i] - engagedMean) / engagedSD
                    sources[key] = FitSource(.estimated, "engaged-state mean and sd and the dark shift from the hidden Markov model")
                } else {
                    sources[key] = FitSource(.estimated, "mean and sd of \(FitText.count(m.observed)) values; no dark state to load on")
                }
            case .attribute:
                // Plan, channel, demographics: they describe the customer, not its state.
                sources[key] = FitSource(
                    .estimated, "mean and sd of \(FitText.count(m.observed)) values; attributes do not load on the latent state")
            }
            specs.append(spec)
        }
        return (specs, sources)
    }
}
