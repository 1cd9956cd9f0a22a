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

    /// Decimals sentences use by default: AUC 3, Brier and log loss 4, MAPE and bias (shown
    /// in percentage points) 1.
    public var decimals: Int {
        switch self {
        case .auc: 3
        case .brier, .logLoss: 4
        case .mape, .bias: 1
        }
    }

    /// Decimals that show an interval's half-width to at least one significant digit (at most
    /// 3 more than `decimals`), so a tiny but clear difference does not print as "0.000".
    public func decimals(for interval: ConfidenceInterval?) -> Int {
        guard let interval else { return decimals }
        let scale = (self == .mape || self == .bias) ? 100.0 : 1.0
        let half = (interval.high - interval.low) / 2 * scale
        guard half > 0, half.isFinite else { return decimals }
        return min(decimals + 3, max(decimals, Int((-log10(half)).rounded(.up))))
    }

    /// `x` as sentences show this metric's differences, with `decimals` decimals (default
    /// `self.decimals`); MAPE and bias (fractions) as percentage points. Negative numbers use
    /// the minus sign U+2212; `signed` adds "+" to positive ones.
    public func format(_ x: Double, decimals: Int? = nil, signed: Bool = false) -> String {
        guard x.isFinite else { return "n/a" }
        let d = decimals ?? self.decimals
        let text: String
        switch self {
        case .auc, .brier, .logLoss: text = String(format: "%.\(d)f", abs(x))
        case .mape, .bias: text = String(format: "%.\(d)f pp", 100 * abs(x))
        }
        // A value that rounds to zero carries no sign.
        let zero = Double(text.filter { $0.isNumber || $0 == "." }) == 0
        if x < 0, !zero { return "\u{2212}" + text }
        return signed && !zero ? "+" + text : text
    }

    /// A range "low–high" in this metric's format, the unit (pp) written once.
    public func format(_ interval: ConfidenceInterval, decimals: Int? = nil) -> String {
        let low = format(interval.low, decimals: decimals)
        let high = format(interval.high, decimals: decimals)
        if self == .mape || self == .bias {
            return low.replacingOccurrences(of: " pp", with: "") + "\u{2013}" + high
        }
        return low + "\u{2013}" + high
    }
}
