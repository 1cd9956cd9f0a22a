import _BearingText

/// One variable component of a plan: a metric, its share of variable pay and how attainment pays.
///
/// Per payment period: `target payout = OTE × variable share × weight × (window length in years)`;
/// `attainment = actual / target` (or `target / actual` when lower is better);
/// `payout = target payout × factor`, where `factor` is 0 below `threshold`, else the tier
/// table's factor, limited to `cap` and never negative.
public struct PlanComponent: Sendable, Hashable, Decodable {
    public var metric: CompMetric
    /// Share of the variable pay, a fraction; the weights of a plan sum to 1.
    public var weight: Double
    /// The metric value that is 100% attainment, in the metric's units (fraction for rates,
    /// dollars per payment period for expansion ARR, score points for NPS/CSAT/CES).
    public var target: Double
    /// Attainment (fraction of target) below which the component pays nothing; 0 means none.
    public var threshold: Double
    /// Accelerators and decelerators; `PayoutTiers.linear` when absent.
    public var tiers: PayoutTiers
    /// Largest payout factor (multiple of target payout, 2.0 = 200%); nil for no cap.
    public var cap: Double?
    public var better: MetricDirection
    /// Panel column averaged by NPS/CSAT/CES components; defaults to `experience.<metric>`.
    public var feature: String?

    public init(
        metric: CompMetric, weight: Double, target: Double, threshold: Double = 0,
        tiers: PayoutTiers = .linear, cap: Double? = nil, better: MetricDirection = .higher, feature: String? = nil
    ) {
        self.metric = metric
        self.weight = weight
        self.target = target
        self.threshold = threshold
        self.tiers = tiers
        self.cap = cap
        self.better = better
        self.feature = feature
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case metric, weight, target, threshold, tiers, cap, better, feature
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let metric = try c.decodeChoice(CompMetric.self, .metric)
        let weight = try c.checked(.weight, Weight.self)
        let target = try c.checked(.target, Target.self)
        let threshold = try c.checkedIfPresent(.threshold, Threshold.self) ?? 0
        let cap = try c.checkedIfPresent(.cap, Cap.self)
        if let cap, cap < threshold {
            // With the default tiers the payout factor equals attainment, so every attainment that
            // clears the threshold would already be over the cap: the component pays a flat cap.
            throw c.rangeError(
                .cap,
                "(\(cap)) is below 'threshold' (\(threshold)): every attainment that reaches the threshold would be capped;"
                    + " raise the cap or lower the threshold")
        }
        let better = c.contains(.better) ? try c.decodeChoice(MetricDirection.self, .better) : .higher
        let feature = try c.decodeIfPresent(String.self, forKey: .feature)
        if feature != nil, metric.defaultFeature == nil {
            throw c.rangeError(.feature, "applies only to nps, csat and ces components, not '\(metric.rawValue)'")
        }
        self.init(
            metric: metric, weight: weight, target: target, threshold: threshold,
            tiers: try c.decodeIfPresent(PayoutTiers.self, forKey: .tiers) ?? .linear,
            cap: cap, better: better, feature: feature)
    }

    /// The panel column this component averages, if it is a survey metric.
    public var featureName: String? { feature ?? metric.defaultFeature }

    /// Payout factor for attainment `a`: 0 when `a` is NaN, not positive or below the threshold;
    /// else the tier factor, capped.
    public func payoutFactor(attainment a: Double) -> Double {
        guard !a.isNaN, a > 0, a >= threshold else { return 0 }
        var f = tiers.factor(attainment: a)
        if let cap { f = min(f, cap) }
        return f.isFinite ? max(0, f) : 0
    }

    /// Attainment of `actual` against the target; NaN when undefined.
    public func attainment(actual: Double) -> Double {
        guard !actual.isNaN else { return .nan }
        switch better {
        case .higher: return actual / target
        case .lower: return actual > 0 ? target / actual : .nan
        }
    }
}
