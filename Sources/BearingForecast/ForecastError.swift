/// Why a forecast could not be made. Messages say what to change.
public enum ForecastError: Error, Sendable, Hashable, CustomStringConvertible {
    case invalidCatalogue(String)
    /// Per-row inputs (categories, churn probabilities) do not line up with the panel's rows.
    case misalignedInputs(expected: Int, found: Int, what: String)
    case periodNotInPanel(String)
    /// The forecast period has customers on milestones the catalogue does not value.
    case unknownMilestones([String])
    case noHistoryBefore(String)
    case invalidParameter(String)
    /// A quota file or quota plan that cannot be applied to the history.
    case invalidQuota(String)

    public var description: String {
        switch self {
        case let .invalidCatalogue(m): "milestone catalogue: \(m)"
        case let .misalignedInputs(e, f, w): "\(w): expected one value per panel row (\(e)), found \(f)"
        case let .periodNotInPanel(p): "period \(p) has no rows in the history"
        case let .unknownMilestones(names):
            "the forecast period has customers on milestones missing from the catalogue: \(names.joined(separator: ", ")); add them with their upsell_arr"
        case let .noHistoryBefore(p): "no history before \(p) to estimate reach, take and churn rates from"
        case let .invalidParameter(m): m
        case let .invalidQuota(m): "quota: \(m)"
        }
    }
}
