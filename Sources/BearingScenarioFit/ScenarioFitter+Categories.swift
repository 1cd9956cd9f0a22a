import BearingPanel
import BearingSimulation
import BearingVector

extension ScenarioFitter {
    /// Latent category thresholds at the quantiles that give the scored categories' shares:
    /// among rows not scored ghost, the share scored negative places `negative.direction` on the
    /// variance-matched latent direction, and the shares above the weights' positive direction
    /// and magnitude thresholds place `positive.direction` and `positive.experience` (rows the
    /// dark chain calls dark left out). ±0.5 when there is no direction axis.
    static func categoryThresholds(
        scores: VectorScores, thresholds: BearingVector.CategoryThresholds, direction: LatentAxisFit,
        experience: LatentAxisFit, darkProbability: [Double]?, weightsLabel: String
    ) -> (LatentCategoryThresholds, FitSource) {
        var nonGhost = 0.0, negative = 0.0, positiveDirection = 0.0, positiveMagnitude = 0.0
        for k in 0..<scores.count where scores.category[k] != VectorCategory.ghost.rawValue {
            nonGhost += 1
            if scores.category[k] == VectorCategory.negative.rawValue { negative += 1 }
            if Double(scores.direction[k]) > thresholds.positiveDirection { positiveDirection += 1 }
            if Double(scores.magnitude[k]) >= thresholds.positiveMagnitude { positiveMagnitude += 1 }
        }
        guard direction.identified, nonGhost > 0 else {
            return (
                LatentCategoryThresholds(positive: .init(direction: 0.5), negative: .init(direction: -0.5)),
                FitSource(.defaulted, "no outcome.* features to place the direction thresholds")
            )
        }
        func engaged(_ axis: LatentAxisFit) -> [Double] {
            axis.matched.indices.compactMap { r -> Double? in
                let m = axis.matched[r]
                return !m.isNaN && (darkProbability?[r] ?? 0) < 0.5 ? m : nil
            }.sorted()
        }
        let d = engaged(direction)
        let qNeg = quantile(d, negative / nonGhost)
        var qPos = quantile(d, 1 - positiveDirection / nonGhost)
        if qPos <= qNeg { qPos = qNeg + 0.01 }
        let positiveExperience = experience.identified ? quantile(engaged(experience), 1 - positiveMagnitude / nonGhost) : nil
        return (
            LatentCategoryThresholds(
                positive: .init(direction: qPos, experience: positiveExperience), negative: .init(direction: qNeg)),
            FitSource(
                .estimated,
                "quantiles of the latent state at the shares of the categories scored with \(weightsLabel): "
                    + "negative \(FitText.percent(negative / nonGhost)), direction above the positive threshold "
                    + "\(FitText.percent(positiveDirection / nonGhost)), magnitude above it "
                    + "\(FitText.percent(positiveMagnitude / nonGhost)) of the rows not ghost")
        )
    }

    /// Type-7 quantile of sorted values (0 for none).
    static func quantile(_ sorted: [Double], _ q: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        let h = Double(sorted.count - 1) * min(1, max(0, q))
        let lo = Int(h.rounded(.down))
        let hi = min(lo + 1, sorted.count - 1)
        return sorted[lo] + (h - Double(lo)) * (sorted[hi] - sorted[lo])
    }
}
