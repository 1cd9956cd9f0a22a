/// One feature the true link reads (a non-zero coefficient): what `CustomerLanes.linkEta`
/// needs of it, side by side, so that the per-period sum visits only these features and loads
/// one record for each.
struct LinkTerm {
    let feature: Int
    let loadD, loadE, loadK, noise, beta: Float

    /// The link's features in scenario order, which is the order of the kernels' sum.
    static func terms(of m: CompiledScenario) -> [LinkTerm] {
        (0..<m.featureCount).filter { m.linkBeta[$0] != 0 }.map {
            LinkTerm(
                feature: $0, loadD: m.loadDirection[$0], loadE: m.loadExperience[$0], loadK: m.loadDark[$0],
                noise: m.featureNoise[$0], beta: m.linkBeta[$0])
        }
    }
}
