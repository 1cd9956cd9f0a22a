/// One comparison of a model (or forecast method) with a baseline on one metric: the
/// difference model − baseline, its interval, the verdict and the sentence that says it.
///
/// The sentence always agrees with the verdict because both come from `ComparisonVerdict.judge`:
/// "vector beats health by 0.031 AUC (95% CI 0.018–0.044)", "health beats vector by …",
/// "no clear difference in AUC between vector and health: +0.004 (95% CI −0.006–0.011)".
/// The winner's margin is printed as a positive amount with the interval of that margin (for
/// Brier, log loss, MAPE and absolute bias, "beats by 0.004" means lower by 0.004).
public struct MetricComparison: Sendable, Hashable, Codable {
    /// Segment of a forecast comparison; nil for backtest comparisons.
    public var segment: String?
    public var model: String
    public var baseline: String
    public var metric: ComparedMetric
    /// model − baseline (for `bias`, |model bias| − |baseline bias|); NaN (null) when undefined.
    public var difference: Double
    public var ciLow: Double?
    public var ciHigh: Double?
    public var confidence: Double
    public var verdict: ComparisonVerdict
    public var sentence: String
    /// Why the sample is too small, when `verdict` is `insufficient`.
    public var reason: String?

    public init(
        model: String, baseline: String, metric: ComparedMetric, difference: Double, interval: ConfidenceInterval?,
        confidence: Double, insufficientBecause reason: String? = nil, segment: String? = nil
    ) {
        self.segment = segment
        self.model = model
        self.baseline = baseline
        self.metric = metric
        self.difference = difference
        self.ciLow = interval?.low
        self.ciHigh = interval?.high
        self.confidence = confidence
        self.reason = reason
        let verdict = ComparisonVerdict.judge(metric: metric, interval: interval, insufficient: reason != nil)
        self.verdict = verdict
        self.sentence = Self.sentence(
            verdict: verdict, model: model, baseline: baseline, metric: metric, difference: difference,
            interval: interval, confidence: confidence, reason: reason)
    }

    public var interval: ConfidenceInterval? {
        guard let ciLow, let ciHigh else { return nil }
        return ConfidenceInterval(low: ciLow, high: ciHigh)
    }

    static func sentence(
        verdict: ComparisonVerdict, model: String, baseline: String, metric: ComparedMetric, difference: Double,
        interval: ConfidenceInterval?, confidence: Double, reason: String?
    ) -> String {
        let level = BootstrapSettings.label(confidence)
        let d = metric.decimals(for: interval)
        switch verdict {
        case .modelBetter, .baselineBetter:
            guard let interval else { return "" }
            // Margin of the winner: positive, in the metric's "better" direction.
            let modelWins = verdict == .modelBetter
            let flip = modelWins != metric.higherIsBetter
            let margin = flip ? ConfidenceInterval(low: -interval.high, high: -interval.low) : interval
            let (winner, loser) = modelWins ? (model, baseline) : (baseline, model)
            return "\(winner) beats \(loser) by \(metric.format(abs(difference), decimals: d)) \(metric.label) "
                + "(\(level) CI \(metric.format(margin, decimals: d)))"
        case .noClearDifference:
            let range = interval.map { metric.format($0, decimals: d) } ?? "n/a"
            return "no clear difference in \(metric.label) between \(model) and \(baseline): "
                + "\(metric.format(difference, decimals: d, signed: true)) (\(level) CI \(range))"
        case .insufficient:
            return "too few to compare \(model) and \(baseline) on \(metric.label): \(reason ?? "sample too small")"
        case .noInterval:
            return "\(model) \u{2212} \(baseline) = \(metric.format(difference, signed: true)) \(metric.label) (no interval)"
        }
    }

    enum CodingKeys: String, CodingKey {
        case segment, model, baseline, metric, difference
        case ciLow = "ci_low"
        case ciHigh = "ci_high"
        case confidence, verdict, sentence, reason
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        segment = try c.decodeIfPresent(String.self, forKey: .segment)
        model = try c.decode(String.self, forKey: .model)
        baseline = try c.decode(String.self, forKey: .baseline)
        metric = try c.decode(ComparedMetric.self, forKey: .metric)
        difference = try c.decodeIfPresent(Double.self, forKey: .difference) ?? .nan
        ciLow = try c.decodeIfPresent(Double.self, forKey: .ciLow)
        ciHigh = try c.decodeIfPresent(Double.self, forKey: .ciHigh)
        confidence = try c.decode(Double.self, forKey: .confidence)
        verdict = try c.decode(ComparisonVerdict.self, forKey: .verdict)
        sentence = try c.decode(String.self, forKey: .sentence)
        reason = try c.decodeIfPresent(String.self, forKey: .reason)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(segment, forKey: .segment)
        try c.encode(model, forKey: .model)
        try c.encode(baseline, forKey: .baseline)
        try c.encode(metric, forKey: .metric)
        try c.encode(difference.isFinite ? difference : nil, forKey: .difference)
        try c.encode(ciLow.flatMap { $0.isFinite ? $0 : nil }, forKey: .ciLow)
        try c.encode(ciHigh.flatMap { $0.isFinite ? $0 : nil }, forKey: .ciHigh)
        try c.encode(confidence, forKey: .confidence)
        try c.encode(verdict, forKey: .verdict)
        try c.encode(sentence, forKey: .sentence)
        try c.encodeIfPresent(reason, forKey: .reason)
    }
}
