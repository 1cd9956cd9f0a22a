/// The coordinates of one random stream: every draw in a Monte Carlo run is addressed by
/// (seed, trial, customer, period, purpose), so what a draw is never depends on which thread,
/// shard or order produced it.
///
/// `purpose` separates independent uses within one customer-period (e.g. churn draw vs.
/// feature noise vs. expansion size); give each use its own constant.
public struct StreamKey: Hashable, Sendable {
    /// The run's seed (the command line's `--seed`).
    public var seed: UInt64
    /// Monte Carlo trial index.
    public var trial: UInt32
    /// Customer index within the trial.
    public var customer: UInt32
    /// Period index (months since the start of the simulation, or similar).
    public var period: UInt32
    /// Which use of randomness within one customer-period; 0 by default.
    public var purpose: UInt32

    public init(seed: UInt64, trial: UInt32, customer: UInt32, period: UInt32, purpose: UInt32 = 0) {
        self.seed = seed
        self.trial = trial
        self.customer = customer
        self.period = period
        self.purpose = purpose
    }

    /// The same coordinates with another purpose.
    @inlinable
    public func with(purpose: UInt32) -> StreamKey {
        var key = self
        key.purpose = purpose
        return key
    }
}
