/// What a difference and its interval say about two models or forecasts. Raw values are the
/// JSON spellings.
public enum ComparisonVerdict: String, Sendable, Hashable, Codable, CaseIterable {
    /// The interval excludes zero on the side where the model is better.
    case modelBetter = "model_better"
    /// The interval excludes zero on the side where the baseline is better.
    case baselineBetter = "baseline_better"
    /// The interval contains zero.
    case noClearDifference = "no_clear_difference"
    /// The sample is too small to judge (`SampleSufficiency`).
    case insufficient
    /// No interval was computed (bootstrap off, or undefined in every resample).
    case noInterval = "no_interval"

    /// The verdict for `difference = model − baseline` of `metric` with its `interval`. The one
    /// place where a direction turns a signed difference into "better": an interval entirely
    /// above zero means the model is better for AUC and worse for Brier, log loss, MAPE and
    /// absolute bias. An interval touching zero is no clear difference.
    public static func judge(
        metric: ComparedMetric, interval: ConfidenceInterval?, insufficient: Bool = false
    ) -> ComparisonVerdict {
        if insufficient { return .insufficient }
        guard let interval, interval.low.isFinite, interval.high.isFinite else { return .noInterval }
        let modelHigher: Bool
        if interval.low > 0 {
            modelHigher = true
        } else if interval.high < 0 {
            modelHigher = false
        } else {
            return .noClearDifference
        }
        return modelHigher == metric.higherIsBetter ? .modelBetter : .baselineBetter
    }
}
