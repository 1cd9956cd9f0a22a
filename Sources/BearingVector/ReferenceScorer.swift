import BearingPanel
import Foundation

extension VectorScorer {
    /// The plain scalar reference the kernel is tested against: one customer at a time, the
    /// same terms in the same order with the same multiply-add (so raw sums and categories
    /// are bit-identical to the kernel's), then tanh and the logistic from libm in `Double`.
    public func referenceScores(_ matrix: FeatureMatrix, includeRaw: Bool = false) -> VectorScores {
        var out = VectorScores(count: matrix.count, includeRaw: includeRaw)
        for i in 0..<matrix.count {
            let (d, m, z, ghost) = referenceRaw(matrix, row: i)
            let category: VectorCategory =
                if ghost { .ghost } else if d < negativeDirectionRaw { .negative } else if d > positiveDirectionRaw && m >= positiveMagnitudeRaw {
                    .positive
                } else { .neutral }
            let logit = ghost ? z + linkGhost : z
            out.direction[i] = Float(Foundation.tanh(Double(d)))
            out.magnitude[i] = Float(1 / (1 + Foundation.exp(-Double(m))))
            out.churnProbability[i] = Float(1 / (1 + Foundation.exp(-Double(logit))))
            out.category[i] = category.rawValue
            if includeRaw {
                out.directionRaw[i] = d
                out.magnitudeRaw[i] = m
            }
        }
        return out
    }

    /// direction_raw, magnitude_raw, the churn logit without the ghost term, and the ghost flag
    /// of one row, summed exactly as the kernel sums a lane.
    func referenceRaw(_ matrix: FeatureMatrix, row i: Int) -> (Float, Float, Float, Bool) {
        // A missing value leaves the sum as it is (z = 0), exactly like the kernel's masked lanes.
        func add(_ acc: Float, _ term: Term) -> Float {
            let v = matrix.storage[term.column * matrix.count + i] - term.mean
            return v.isNaN ? acc : madd(term.scale, v, acc)
        }
        var d = directionBias
        for t in directionTerms { d = add(d, t) }
        var m = magnitudeBias
        for t in magnitudeTerms { m = add(m, t) }
        var z = madd(linkDirection, d, linkIntercept)
        z = madd(linkMagnitude, m, z)
        for t in churnTerms { z = add(z, t) }
        var ghost = false
        for g in ghostTerms where matrix.storage[g.column * matrix.count + i] * g.sign > g.signedThreshold { ghost = true }
        return (d, m, z, ghost)
    }
}
