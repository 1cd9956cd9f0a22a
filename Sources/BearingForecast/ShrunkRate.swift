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

    public init(successes: Int, trials: Int, parentRate: Double, strength kappa: Double) {
        self.successes = successes
        self.trials = trials
        self.rate = (Double(successes) + kappa * parentRate) / (Double(trials) + kappa)
    }

    /// Fixed rate (e.g. from the catalogue); no data behind it.
    public init(fixed rate: Double) {
        self.successes = 0
        self.trials = 0
        self.rate = rate
    }
}

/// Counts of a Bernoulli outcome in a three-level hierarchy of cells `(a)`, `(a, b)`,
/// `(a, b, c)` under a root, and their shrunk rates: the root uses a uniform `Beta(1, 1)` prior
/// (`(k+1)/(n+2)`), each level shrinks toward its parent with strength κ.
public struct RateHierarchy: Sendable, Hashable {
    public struct Key: Hashable, Sendable {
        public var a: Int32, b: Int32, c: Int32
        public init(_ a: Int32, _ b: Int32, _ c: Int32) { self.a = a; self.b = b; self.c = c }
    }

    struct Count: Hashable, Sendable {
        var successes = 0
        var trials = 0
        mutating func add(_ success: Bool) {
            successes += success ? 1 : 0
            trials += 1
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

    public mutating func add(_ key: Key, success: Bool) {
        root.add(success)
        level1[key.a, default: Count()].add(success)
        level2[Key(key.a, key.b, -1), default: Count()].add(success)
        level3[key, default: Count()].add(success)
    }

    public var rootRate: ShrunkRate {
        ShrunkRate(successes: root.successes, trials: root.trials, parentRate: 0.5, strength: 2)
    }

    public func rate(a: Int32) -> ShrunkRate {
        let n = level1[a] ?? Count()
        return ShrunkRate(successes: n.successes, trials: n.trials, parentRate: rootRate.rate, strength: strength)
    }

    public func rate(a: Int32, b: Int32) -> ShrunkRate {
        let n = level2[Key(a, b, -1)] ?? Count()
        return ShrunkRate(successes: n.successes, trials: n.trials, parentRate: rate(a: a).rate, strength: strength)
    }

    public func rate(_ key: Key) -> ShrunkRate {
        let n = level3[key] ?? Count()
        return ShrunkRate(successes: n.successes, trials: n.trials, parentRate: rate(a: key.a, b: key.b).rate, strength: strength)
    }
}
