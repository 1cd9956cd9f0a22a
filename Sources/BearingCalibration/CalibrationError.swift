/// Why a calibration or a metric could not be computed. Each message says what to change.
public enum CalibrationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Columns or labels of different lengths.
    case lengthMismatch(what: String, expected: Int, found: Int)
    /// No rows to fit on (e.g. `--until` before the first period).
    case noTrainingRows(String)
    /// The labels are all 0 or all 1, so there is nothing to separate.
    case singleClass(positives: Int, rows: Int)
    /// A regularisation strength that is not a positive number.
    case invalidRegularization(Double)
    /// More features than the dense Newton solver supports.
    case tooManyFeatures(count: Int, limit: Int)
    /// The penalised Hessian was not positive definite even after adding a ridge.
    case singularHessian(iteration: Int)
    /// A value that must be finite was not (e.g. an infinite feature value).
    case nonFiniteValue(String)
    /// An option outside its allowed range.
    case invalidOption(String)
    /// A backtest that could judge no row (too few periods, every period skipped): the reason
    /// and what to do instead.
    case nothingBacktested(String)

    public var description: String {
        switch self {
        case let .lengthMismatch(what, expected, found):
            "\(what) has \(found) entries where \(expected) were expected; every column needs one value per row"
        case let .noTrainingRows(context):
            "no rows to fit on: \(context)"
        case let .singleClass(positives, rows):
            "all \(rows) training rows have the same outcome (\(positives) churned); fit on periods that contain both churned and retained customers"
        case let .invalidRegularization(c):
            "regularisation C must be a positive number (C = 1/lambda), found \(c)"
        case let .tooManyFeatures(count, limit):
            "\(count) features exceed the solver's limit of \(limit); drop or combine features"
        case let .singularHessian(iteration):
            "the Hessian became singular at Newton iteration \(iteration); the features are probably collinear or the data separable, use a smaller C"
        case let .nonFiniteValue(what):
            "\(what) is not finite; replace infinite values or leave the cell empty to mark it missing"
        case let .invalidOption(message):
            message
        case let .nothingBacktested(reason):
            "nothing was backtested: \(reason)"
        }
    }
}
