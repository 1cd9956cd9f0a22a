/// One fold of an out-of-sample backtest (`BacktestSplit.customers`): the models fitted on
/// the other folds' customers and judged on this fold's.
public struct BacktestFold: Sendable, Hashable, Codable {
    /// 1-based.
    public var fold: Int
    /// Customers whose rows are judged in this fold.
    public var customers: Int
    public var trainingRows: Int
    /// Rows judged (after `renewalsOnly`).
    public var rows: Int
    public var results: [BacktestModelResult]
}
