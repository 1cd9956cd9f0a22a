import BearingMetrics

/// What a CSM's book did in one payment window: retention totals and survey sums.
public struct BookTotals: Sendable, Hashable {
    /// Customers owned at the window's first period, followed through the window.
    public var tally: RetentionTally
    /// Per ledger feature: sum of non-missing values over the book's rows in the window.
    public var featureSums: [Double]
    /// Per ledger feature: count of non-missing values.
    public var featureCounts: [Int]

    public init(featureCount: Int) {
        tally = RetentionTally()
        featureSums = Array(repeating: 0, count: featureCount)
        featureCounts = Array(repeating: 0, count: featureCount)
    }

    /// True when the CSM owned at least one customer at the window's start.
    public var hasBook: Bool { tally.startCustomers > 0 }

    /// Mean of feature `i` over the book's rows; NaN when no value was present.
    public func featureMean(_ i: Int) -> Double {
        featureCounts[i] > 0 ? featureSums[i] / Double(featureCounts[i]) : .nan
    }
}
