import BearingPanel
import BearingSimulation

extension ScenarioFitter {
    struct LatentProcesses {
        var direction: LatentProcess
        var experience: LatentProcess
        /// `csm_skill_sd` by panel segment index.
        var skillSD: [Double]
        /// Whether any CSM effect was found beyond sampling noise.
        var skillIdentified: Bool
    }

    /// The two AR(1) processes and the CSM skill spread per segment.
    ///
    /// Only slope × skill sd is identifiable, so the two `csm_skill` slopes form a unit vector
    /// along the CSMs' pooled effects (root mean square over segments per axis; the experience
    /// slope takes the sign of the CSMs' direction–experience co-movement), and each segment's
    /// `csm_skill_sd` is the length of its per-axis spreads. A fit nobody has gets the mean input
    /// of the others.
    static func latentProcesses(panel: HistoryPanel, direction: LatentAxisFit, experience: LatentAxisFit) -> LatentProcesses {
        func pooled(_ spread: [Double?]) -> Double {
            let known = spread.compactMap { $0 }
            return known.isEmpty ? 0 : (known.reduce(0) { $0 + $1 * $1 } / Double(known.count)).squareRoot()
        }
        var skillD = pooled(direction.skillSpread)
        var skillE = pooled(experience.skillSpread)
        var levelProduct = 0.0
        for k in panel.csmIDs.indices { levelProduct += direction.csmLevels[k] * experience.csmLevels[k] }
        if levelProduct < 0 { skillE = -skillE }
        let norm = (skillD * skillD + skillE * skillE).squareRoot()
        if norm > 0 {
            skillD /= norm
            skillE /= norm
        }
        let skillSD = panel.segmentNames.indices.map { s -> Double in
            guard norm > 0 else { return 0 }
            let d = direction.skillSpread[s] ?? 0
            let e = experience.skillSpread[s] ?? 0
            return (d * d + e * e).squareRoot()
        }
        func process(_ axis: LatentAxisFit, skill: Double) -> LatentProcess {
            let known = axis.fitInputs.compactMap { $0 }
            let fallback = known.isEmpty ? 0 : known.reduce(0, +) / Double(known.count)
            return LatentProcess(
                drift: 0, persistence: axis.persistence, noise: axis.noise,
                fit: FitEffect(
                    good: axis.fitInputs[0] ?? fallback, stretch: axis.fitInputs[1] ?? fallback, bad: axis.fitInputs[2] ?? fallback),
                csmSkill: skill)
        }
        return LatentProcesses(
            direction: process(direction, skill: skillD), experience: process(experience, skill: skillE), skillSD: skillSD,
            skillIdentified: norm > 0)
    }
}
