/// Why a scenario could not be fitted to a panel.
public enum ScenarioFitError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The panel has no rows.
    case emptyPanel
    /// `periodsAhead` is not at least 1.
    case invalidPeriods(Int)
    /// No segment has a customer in the period the scenario starts from.
    case emptyBook(period: String)
    /// The weights cannot score the panel (e.g. a feature they need is missing).
    case scoring(String)
    /// The fitted values do not make a valid scenario (a bug; the message names the key).
    case invalidScenario(String)

    public var description: String {
        switch self {
        case .emptyPanel: "the history has no rows to fit a scenario to"
        case .invalidPeriods(let n): "periods ahead: expected an integer >= 1, found \(n)"
        case .emptyBook(let period): "no customer is present in \(period), so there is no book to start the scenario from"
        case .scoring(let message): "the weights cannot score the history: \(message)"
        case .invalidScenario(let message): "the fitted scenario is not valid: \(message)"
        }
    }
}
