import BearingMetrics
import BearingVector

/// The verdict of one model against a baseline in a backtest. It rests on one metric (AUC,
/// which ranks customers and is what the Success Vector is tuned for) and says where Brier
/// score and log loss, which also judge calibration, do not back it: pointing the other way,
/// inconclusive where AUC is decisive, or showing a difference where AUC shows none.
///
/// "vector beats health by 0.031 AUC (95% CI 0.018–0.044); Brier agrees; log loss is
/// inconclusive (95% CI −0.0021–0.0013)".
public struct BacktestVerdict: Sendable, Hashable, Codable {
    public var model: ModelKind
    public var baseline: ModelKind
    /// The metric the verdict rests on (`auc`).
    public var metric: ComparedMetric
    public var verdict: ComparisonVerdict
    /// Secondary metrics whose verdict differs from the primary one.
    public var disagreements: [ComparedMetric]
    public var sentence: String

    /// Combines the primary comparison with the secondary ones (same model and baseline).
    public init(model: ModelKind, baseline: ModelKind, primary: MetricComparison, secondary: [MetricComparison]) {
        self.model = model
        self.baseline = baseline
        self.metric = primary.metric
        self.verdict = primary.verdict
        var parts = [primary.sentence]
        var disagreements: [ComparedMetric] = []
        let judged: Set<ComparisonVerdict> = [.modelBetter, .baselineBetter, .noClearDifference]
        if judged.contains(primary.verdict) {
            for s in secondary {
                let name = s.metric.label
                if s.verdict == primary.verdict {
                    parts.append("\(name) agrees")
                    continue
                }
                disagreements.append(s.metric)
                let range = s.interval.map { s.metric.format($0, decimals: s.metric.decimals(for: $0)) } ?? "n/a"
                let level = BootstrapSettings.label(s.confidence)
                switch (primary.verdict, s.verdict) {
                case (_, .noClearDifference):
                    parts.append("\(name) is inconclusive (\(level) CI \(range))")
                case (.noClearDifference, .modelBetter), (.noClearDifference, .baselineBetter):
                    parts.append("\(name) shows a difference: \(s.sentence)")
                case (_, .modelBetter), (_, .baselineBetter):
                    parts.append("\(name) points the other way: \(s.sentence)")
                default:
                    parts.append("\(name): \(s.sentence)")
                }
            }
        }
        self.disagreements = disagreements
        self.sentence = parts.joined(separator: "; ")
    }
}
