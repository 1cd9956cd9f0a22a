import BearingCalibration

/// `backtest.json`, written by `backtest`: the walk-forward results and where they came from.
public struct BacktestDocument: Codable, Sendable, Hashable {
    public static let fileName = "backtest.json"

    public var bearingVersion: String
    /// The history file as given on the command line.
    public var history: String
    /// `sha256:<hex>` of the history file's bytes.
    public var historyHash: String
    public var backtest: BacktestReport

    public init(bearingVersion: String, history: String, historyHash: String, backtest: BacktestReport) {
        self.bearingVersion = bearingVersion
        self.history = history
        self.historyHash = historyHash
        self.backtest = backtest
    }
}
