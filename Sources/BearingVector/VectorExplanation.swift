/// Why a customer's vector is where it is: each schema feature's contribution to
/// direction_raw, magnitude_raw and the churn logit (weight · z, with z = 0 when imputed).
///
/// `directionRaw` and `magnitudeRaw` are the kernel's sums (bit-identical to it); the sum of
/// the bias and the contributions equals them up to Float rounding (relative 1e-6), because
/// the kernel fuses each term into the running sum. Contributions are on the raw scales:
/// tanh and the logistic are monotone, so signs and ranking carry over to direction and
/// magnitude, but the bounded values are not additive.
public struct VectorExplanation: Sendable, Hashable {
    public var directionRaw: Float
    public var magnitudeRaw: Float
    public var directionBias: Float
    public var magnitudeBias: Float
    /// One entry per feature of the weights schema, in schema order.
    public var contributions: [FeatureContribution]
    /// The first ghost rule of the weights that fired on this row (its engagement signal
    /// crossed the threshold), which made the category `ghost`; nil when none did.
    public var ghostRule: GhostRule?

    /// Features whose value was missing and imputed to the training mean: their contributions
    /// are 0 because nothing is known, unlike a feature exactly at its mean ("average").
    public var imputedFeatures: [String] { contributions.filter(\.imputed).map(\.name) }

    /// Per-feature change of the contributions since `previous` (the same customer's row in
    /// the previous period, scored with the same weights): their sum is the change of the raw
    /// sums, since the biases cancel.
    public func change(since previous: VectorExplanation) -> [FeatureContribution] {
        zip(contributions, previous.contributions).map { now, before in
            FeatureContribution(
                name: now.name, direction: now.direction - before.direction,
                magnitude: now.magnitude - before.magnitude, churn: now.churn - before.churn,
                imputed: now.imputed || before.imputed)
        }
    }
}

/// One feature's share of a Success Vector.
public struct FeatureContribution: Sendable, Hashable {
    public var name: String
    /// direction_j · z_j.
    public var direction: Float
    /// magnitude_j · z_j.
    public var magnitude: Float
    /// churn_j · z_j (the direct per-feature churn term; 0 for `vector` models).
    public var churn: Float
    /// The value was missing and imputed to the training mean (so all contributions are 0).
    public var imputed: Bool

    public init(name: String, direction: Float, magnitude: Float, churn: Float, imputed: Bool) {
        self.name = name
        self.direction = direction
        self.magnitude = magnitude
        self.churn = churn
        self.imputed = imputed
    }
}

extension VectorScorer {
    /// Explains one customer from its feature values, indexed like `columnNames`.
    public func explain(values: [Float]) -> VectorExplanation {
        precondition(values.count >= columnNames.count, "one value per bound column")
        let matrix = FeatureMatrix(names: Array(columnNames), count: 1, storage: Array(values.prefix(columnNames.count)))
        let (d, m, _, _) = referenceRaw(matrix, row: 0)
        var byFeature = weights.features.map {
            FeatureContribution(name: $0.name, direction: 0, magnitude: 0, churn: 0, imputed: false)
        }
        func add(_ terms: [Term], _ path: WritableKeyPath<FeatureContribution, Float>) {
            for t in terms {
                let v = values[t.column] - t.mean
                byFeature[t.feature][keyPath: path] = v.isNaN ? 0 : t.scale * v
            }
        }
        add(directionTerms, \.direction)
        add(magnitudeTerms, \.magnitude)
        add(churnTerms, \.churn)
        let position = Dictionary(columnNames.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        for k in byFeature.indices {
            if let col = position[byFeature[k].name] { byFeature[k].imputed = values[col].isNaN }
        }
        // A missing value never fires a rule (NaN compares false).
        let fired = weights.thresholds.ghost.first { rule in
            guard let col = position[rule.feature] else { return false }
            let x = Double(values[col])
            return rule.side == .above ? x > rule.threshold : x < rule.threshold
        }
        return VectorExplanation(
            directionRaw: d, magnitudeRaw: m, directionBias: directionBias, magnitudeBias: magnitudeBias,
            contributions: byFeature, ghostRule: fired)
    }
}
