/// A requested period that the history cannot serve; every message names the option, the
/// value given and the data's range.
public enum PeriodRangeError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The panel has no rows, so it has no range.
    case emptyPanel
    /// Not a `YYYY-Qn` or `YYYY-MM` label.
    case unparsable(option: String, found: String, range: PeriodRange)
    /// A monthly period for a quarterly history or the reverse.
    case wrongGranularity(option: String, found: Period, range: PeriodRange)
    /// Before the first or after the last period of the data.
    case outside(option: String, found: Period, range: PeriodRange)

    public var description: String {
        switch self {
        case .emptyPanel:
            return "the history has no rows, so no period can be chosen"
        case let .unparsable(option, found, range):
            let example = range.first.label
            return "\(option): expected a period like \(example), found '\(found)' (the history covers \(range))"
        case let .wrongGranularity(option, found, range):
            return "\(option): expected a \(range.granularity.rawValue)ly period like \(range.last.label), found \(found.label) "
                + "(the history covers \(range))"
        case let .outside(option, found, range):
            let side = found < range.first ? "before the first period \(range.first.label)" : "after the last period \(range.last.label)"
            return "\(option): expected a period in \(range), found \(found.label), \(side) of the history"
        }
    }
}
