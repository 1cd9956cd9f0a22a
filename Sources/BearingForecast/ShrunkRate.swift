/// Successes out of trials in one cell, and the cell's rate after Beta–Binomial shrinkage.
///
/// With prior `Beta(κ·p_parent, κ·(1 − p_parent))` the posterior mean is
/// `(successes + κ·p_parent) / (trials + κ)`: an empty cell reads its parent's rate, a cell with
/// many trials reads close to its own share, and no finite cell reads exactly 0% or 100%
/// unless its parent does.
public struct ShrunkRate: Sendable, Hashable, Codable {
    public var successes: Int
    public var trials: Int
    /// Posterior mean rate.
    public var rate: Double
    /// Posterior `Beta(alpha, beta)`: `alpha = successes + κ·p_parent`,
    /// `beta = trials − successes + κ·(1 − p_parent)`. Both 0 for a fixed rate (no uncertainty).
    public var alpha: Double
    public var beta: Double

    public init(successes: Int, trials: Int, parentRate: Double, strength kappa: Double) {
        self.init(
            successes: successes, trials: trials, weightedSuccesses: Double(successes), weightedTrials: Double(trials),
            parentRate: parentRate, strength: kappa)
    }

    /// A cell whose trials carry weights (recency weighting): the posterior uses the weighted
    /// counts `s_w`, `n_w` in place of the raw ones — `rate = (s_w + κ·p) / (n_w + κ)` — so a
    /// down-weighted history also widens the posterior. `successes` and `trials` stay the raw
    /// counts.
    public init(
        successes: Int, trials: Int, weightedSuccesses: Double, weightedTrials: Double, parentRate: Double,
        strength kappa: Double
    ) {
        self.successes = successes
        self.trials = trials
        self.rate = (weightedSuccesses + kappa * parentRate) / (weightedTrials + kappa)
        self.alpha = weightedSuccesses + kappa * parentRate
        self.beta = weightedTrials - weightedSuccesses + kappa * (1 - parentRate)
    }

    /// Fixed rate (e.g. from the catalogue); no data behind it.
    public init(fixed rate: Double) {
        self.successes = 0
        self.trials = 0
        self.rate = rate
        self.alpha = 0
        self.beta = 0
    }

    /// Whether the posterior is a proper Beta (both parameters > 0) that `draw` samples from.
    public var isUncertain: Bool { alpha > 0 && beta > 0 && alpha.isFinite && beta.isFinite }
}

/// Counts of a Bernoulli outcome in a three-level hierarchy of cells `(a)`, `(a, b)`,
/// `(a, b, c)` under a root, and their shrunk rates: the root uses a uniform `Beta(1, 1)` prior
/// (`(k+1)/(n+2)`), each level shrinks toward its parent with strength κ.
public struct RateHierarchy: Sendable, Hashable {
    public struct Key: Hashable, Sendable {
        public var a: Int32, b: Int32, c: Int32
        public init(_ a: Int32, _ b: Int32, _ c: Int32) { self.a = a; self.b = b; self.c = c }
    }

    public struct Count: Hashable, Sendable {
        public var successes = 0
        public var trials = 0
        public var weightedSuccesses = 0.0
        public var weightedTrials = 0.0
        public init() {}
        public mutating func add(_ success: Bool, weight: Double) {
            successes += success ? 1 : 0
            trials += 1
            weightedSuccesses += success ? weight : 0
            weightedTrials += weight
        }
        func shrunk(parentRate: Double, strength: Double) -> ShrunkRate {
            ShrunkRate(
                successes: successes, trials: trials, weightedSuccesses: weightedSuccesses, weightedTrials: weightedTrials,
                parentRate: parentRate, strength: strength)
        }
    }

    /// Prior strength κ in pseudo-trials.
    public let strength: Double
    private var root = Count()
    private var level1: [Int32: Count] = [:]
    private var level2: [Key: Count] = [:]
    private var level3: [Key: Count] = [:]

    public init(strength: Double) {
        self.strength = strength
    }

    /// Adds one trial; `weight` (default 1) scales its contribution to the shrunk rates.
    public mutating func add(_ key: Key, success: Bool, weight: Double = 1) {
        root.add(success, weight: weight)
        level1[key.a, default: Count()].add(success, weight: weight)
        level2[Key(key.a, key.b, -1), default: Count()].add(success, weight: weight)
        level3[key, default: Count()].add(success, weight: weight)
    }

    public var rootRate: ShrunkRate {
        root.shrunk(parentRate: 0.5, strength: 2)
    }

    public func rate(a: Int32) -> ShrunkRate {
        (level1[a] ?? Count()).shrunk(parentRate: rootRate.rate, strength: strength)
    }

    public func rate(a: Int32, b: Int32) -> ShrunkRate {
        (level2[Key(a, b, -1)] ?? Count()).shrunk(parentRate: rate(a: a).rate, strength: strength)
    }

    public func rate(_ key: Key) -> ShrunkRate {
        (level3[key] ?? Count()).shrunk(parentRate: rate(a: key.a, b: key.b).rate, strength: strength)
    }
}
