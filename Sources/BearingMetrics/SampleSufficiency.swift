/// When a sample is too small to judge by: the rule every verdict applies before it speaks.
///
/// - A classifier metric (AUC, Brier, log loss) needs at least `minimumEvents` churn events and
///   `minimumCustomers` distinct customers. AUC ranks churners against non-churners, so it also
///   needs `minimumEvents` rows of the other outcome (and is undefined without both classes).
/// - A proportion (a churn rate of a category or cohort) needs `minimumCustomers` rows; smaller
///   groups still get their Wilson interval, but are marked.
/// - A walk-forward comparison over periods (MAPE, bias, interval coverage) needs
///   `minimumPeriods` periods: a block bootstrap over fewer periods has too few distinct blocks
///   to show the spread of the metric.
///
/// The thresholds are conventions (ten events per estimate is the usual floor for a logistic
/// model's stability, thirty the usual floor for a normal approximation); they mark a value as
/// "too small to judge", they do not hide it.
public enum SampleSufficiency {
    public static let minimumEvents = 10
    public static let minimumCustomers = 30
    public static let minimumPeriods = 8

    /// Why a classifier metric from this sample is insufficient, or nil when it is sufficient.
    /// `events` are churned rows, `nonEvents` retained rows; `ranksClasses` is true for AUC.
    public static func classifierReason(customers: Int, events: Int, nonEvents: Int, ranksClasses: Bool) -> String? {
        var parts: [String] = []
        if customers < minimumCustomers {
            parts.append("\(count(customers, "customer")) (at least \(minimumCustomers) are needed)")
        }
        if events < minimumEvents {
            parts.append("\(count(events, "churn event")) (at least \(minimumEvents) are needed)")
        }
        if ranksClasses, nonEvents < minimumEvents {
            parts.append("\(count(nonEvents, "retained row")) (AUC needs at least \(minimumEvents) of each outcome)")
        }
        return parts.isEmpty ? nil : parts.joined(separator: "; ")
    }

    /// Why a proportion over `trials` rows is insufficient, or nil.
    public static func proportionReason(trials: Int) -> String? {
        trials < minimumCustomers ? "\(count(trials, "row")) (at least \(minimumCustomers) are needed for a rate)" : nil
    }

    /// Why a metric over `periods` walk-forward periods is insufficient, or nil.
    public static func periodReason(periods: Int) -> String? {
        periods < minimumPeriods
            ? "\(count(periods, "period")) (at least \(minimumPeriods) are needed to judge a forecast over periods)" : nil
    }

    private static func count(_ n: Int, _ noun: String) -> String { n == 1 ? "1 \(noun)" : "\(n) \(noun)s" }
}
