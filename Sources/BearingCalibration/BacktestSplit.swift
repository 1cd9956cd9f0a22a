/// How a backtest separates the rows a model is fitted on from the rows it is judged on.
public enum BacktestSplit: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Walk-forward by period (out of time): fit on the periods before t, judge period t.
    case periods
    /// Stratified K-fold by customer (out of sample, not out of time): fit on the other
    /// customers' rows, judge the rows of the customers in the fold. For a one-period snapshot
    /// (one row per customer), where no period has a past to learn from.
    case customers(folds: Int)

    /// Parses `periods` or `customers:K` (K ≥ 2).
    public init?(argument: String) {
        if argument == "periods" {
            self = .periods
            return
        }
        guard let k = ArgumentCoding.count(after: "customers", in: argument, atLeast: 2) else { return nil }
        self = .customers(folds: k)
    }

    public var description: String {
        switch self {
        case .periods: "periods"
        case .customers(let k): "customers:\(k)"
        }
    }

    /// What the split validates, as the report states it.
    public func validation(window: BacktestWindow, seed: UInt64) -> String {
        switch self {
        case .periods:
            "out-of-time: walk-forward by period (\(window) window)"
        case .customers(let k):
            "out-of-sample, not out-of-time: stratified \(k)-fold cross-validation by customer (seed \(seed)); "
                + "models are fitted on other customers' rows of the same periods, so this does not show how they forecast the future"
        }
    }

    public init(from decoder: any Decoder) throws {
        self = try ArgumentCoding.decode(from: decoder, forms: "periods or customers:K", parse: Self.init(argument:))
    }

    public func encode(to encoder: any Encoder) throws {
        try ArgumentCoding.encode(self, to: encoder)
    }
}
