import Foundation

/// A metric two models or forecasts are compared on, with the direction that makes one better.
/// Raw values are the JSON spellings.
public enum ComparedMetric: String, Sendable, Hashable, Codable, CaseIterable {
    /// Area under the ROC curve; higher is better.
    case auc
    /// Brier score (mean squared error of the probability); lower is better.
    case brier
    /// Mean negative log-likelihood; lower is better.
    case logLoss = "log_loss"
    /// Mean absolute percentage error of a forecast; lower is better.
    case mape
    /// Relative bias of a forecast, (Σ forecast − Σ actual) / Σ actual. Better means closer to
    /// zero, so comparisons use the difference of absolute biases, |model| − |baseline|.
    case bias

    /// Whether a larger value is better (only AUC).
    public var higherIsBetter: Bool { self == .auc }

    /// The name used in sentences.
    public var label: String {
        switch self {
        case .auc: "AUC"
        case .brier: "Brier"
        case .logLoss: "log loss"
        case .mape: "MAPE"
        case .bias: "absolute bias"
        }
    }

    /// `x` as sentences show this metric's differences: AUC to 3 decimals, Brier and log loss
    /// to 4, MAPE and bias (fractions) as percentage points to 1 decimal. Negative numbers use
    /// the minus sign U+2212; `signed` adds "+" to positive ones.
    public func format(_ x: Double, signed: Bool = false) -> String {
        guard x.isFinite else { return "n/a" }
        let text: String
        switch self {
        case .auc: text = String(format: "%.3f", abs(x))
        case .brier, .logLoss: text = String(format: "%.4f", abs(x))
        case .mape, .bias: text = String(format: "%.1f pp", 100 * abs(x))
        }
        // A value that rounds to zero carries no sign.
        let zero = Double(text.filter { $0.isNumber || $0 == "." }) == 0
        if x < 0, !zero { return "\u{2212}" + text }
        return signed && !zero ? "+" + text : text
    }

    /// A range "low–high" in this metric's format, the unit (pp) written once.
    public func format(_ interval: ConfidenceInterval) -> String {
        let low = format(interval.low)
        let high = format(interval.high)
        if self == .mape || self == .bias {
            return low.replacingOccurrences(of: " pp", with: "") + "\u{2013}" + high
        }
        return low + "\u{2013}" + high
    }
}
