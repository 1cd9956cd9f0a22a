import BearingPanel
import Foundation

/// A `Weights` value bound to the column order of a `FeatureMatrix` and flattened into the
/// per-term constants the kernel streams: for each non-zero weight, the column, the mean
/// and the weight divided by sd (so a term costs a subtract, a select and one multiply-add).
///
/// Terms are summed in schema order starting from the bias, the same order in the SIMD
/// kernel, the scalar reference and `explain`, so their raw sums agree bit for bit.
public struct VectorScorer: Sendable {
    public let weights: Weights
    /// Matrix column names this scorer was bound to.
    public let columnNames: [String]

    struct Term: Sendable, Hashable {
        /// Index of the column in the matrix.
        var column: Int
        /// Index of the feature in `weights.features`.
        var feature: Int
        var mean: Float
        /// weight / sd.
        var scale: Float
    }

    struct GhostTerm: Sendable, Hashable {
        var column: Int
        /// +1 for `above`, -1 for `below`: a rule fires when sign·x > sign·threshold.
        var sign: Float
        var signedThreshold: Float
    }

    let directionTerms: [Term]
    let magnitudeTerms: [Term]
    let churnTerms: [Term]
    let ghostTerms: [GhostTerm]
    let directionBias: Float
    let magnitudeBias: Float
    /// Thresholds mapped to the raw scales: atanh(direction), logit(magnitude).
    let positiveDirectionRaw: Float
    let negativeDirectionRaw: Float
    let positiveMagnitudeRaw: Float
    let linkIntercept: Float
    let linkDirection: Float
    let linkMagnitude: Float
    let linkGhost: Float

    /// Binds validated `weights` to matrix columns named `columns`. Extra columns are ignored;
    /// a schema feature without a column is an error.
    public init(weights: Weights, columns: [String]) throws(WeightsError) {
        try weights.validate()
        var position: [String: Int] = [:]
        for (i, name) in columns.enumerated() where position[name] == nil { position[name] = i }
        var d: [Term] = []
        var m: [Term] = []
        var c: [Term] = []
        for (k, f) in weights.features.enumerated() {
            guard let col = position[f.name] else { throw .missingColumn(feature: f.name) }
            func term(_ w: Double) -> Term { Term(column: col, feature: k, mean: Float(f.mean), scale: Float(w / f.sd)) }
            if f.direction != 0 { d.append(term(f.direction)) }
            if f.magnitude != 0 { m.append(term(f.magnitude)) }
            if f.churn != 0 { c.append(term(f.churn)) }
        }
        var g: [GhostTerm] = []
        for rule in weights.thresholds.ghost {
            guard let col = position[rule.feature] else { throw .missingColumn(feature: rule.feature) }
            let sign: Float = rule.side == .above ? 1 : -1
            g.append(GhostTerm(column: col, sign: sign, signedThreshold: sign * Float(rule.threshold)))
        }
        let t = weights.thresholds
        self.weights = weights
        self.columnNames = columns
        directionTerms = d
        magnitudeTerms = m
        churnTerms = c
        ghostTerms = g
        directionBias = Float(weights.directionBias)
        magnitudeBias = Float(weights.magnitudeBias)
        positiveDirectionRaw = Float(atanh(t.positiveDirection))
        negativeDirectionRaw = Float(atanh(t.negativeDirection))
        positiveMagnitudeRaw = Float(log(t.positiveMagnitude / (1 - t.positiveMagnitude)))
        linkIntercept = Float(weights.churnLink.intercept)
        linkDirection = Float(weights.churnLink.direction)
        linkMagnitude = Float(weights.churnLink.magnitude)
        linkGhost = Float(weights.churnLink.ghost)
    }

    /// Binds `weights` to the columns of `matrix`.
    public init(weights: Weights, matrix: FeatureMatrix) throws(WeightsError) {
        try self.init(weights: weights, columns: matrix.names)
    }

    /// Scores every customer of `matrix` with the SIMD kernel on `threads` cores.
    ///
    /// Results do not depend on `threads`: each customer is computed by the same lanes code
    /// and written to its own slot. Contract against `referenceScores`: raw sums and
    /// categories bit-identical; direction, magnitude and churn probability within 1e-6
    /// (the approximation error of `FastMath` plus one Float rounding).
    public func scores(_ matrix: FeatureMatrix, threads: Int = 1, includeRaw: Bool = false) -> VectorScores {
        var out = VectorScores(count: matrix.count, includeRaw: includeRaw)
        score(matrix, into: &out, threads: threads)
        return out
    }

    /// Scores into existing buffers (sized for `matrix.count`), so repeated scoring allocates
    /// nothing. Raw sums are written only when `out` has raw columns.
    public func score(_ matrix: FeatureMatrix, into out: inout VectorScores, threads: Int = 1) {
        precondition(out.count == matrix.count, "output sized for another matrix")
        precondition(
            matrix.names.count >= columnNames.count && Array(matrix.names.prefix(columnNames.count)) == columnNames,
            "matrix columns differ from the ones the scorer was bound to")
        let n = matrix.count
        let wantRaw = out.directionRaw.count == n && out.magnitudeRaw.count == n && n > 0
        matrix.storage.withUnsafeBufferPointer { features in
            out.direction.withUnsafeMutableBufferPointer { direction in
                out.magnitude.withUnsafeMutableBufferPointer { magnitude in
                    out.churnProbability.withUnsafeMutableBufferPointer { probability in
                        out.category.withUnsafeMutableBufferPointer { category in
                            out.directionRaw.withUnsafeMutableBufferPointer { dRaw in
                                out.magnitudeRaw.withUnsafeMutableBufferPointer { mRaw in
                                    guard let base = features.baseAddress, let dp = direction.baseAddress,
                                        let mp = magnitude.baseAddress, let pp = probability.baseAddress,
                                        let cp = category.baseAddress
                                    else { return }
                                    let io = KernelIO(
                                        features: base, stride: n, direction: dp, magnitude: mp, probability: pp,
                                        category: cp, directionRaw: wantRaw ? dRaw.baseAddress : nil,
                                        magnitudeRaw: wantRaw ? mRaw.baseAddress : nil)
                                    run(io, count: n, threads: threads)
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
