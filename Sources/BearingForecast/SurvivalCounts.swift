/// One cohort's survivor counts for the sBG fit: `survivors[0]` customers at period 0 (all of
/// the cohort), `survivors[t]` of them still customers after `t` periods. Those alive at the
/// last period are right-censored: they may still cancel later.
public struct SurvivalCounts: Sendable, Hashable, Codable {
    public var cohort: String
    public var survivors: [Int]

    public init(cohort: String = "all", survivors: [Int]) {
        self.cohort = cohort
        self.survivors = survivors
    }

    /// Customers who cancelled in period `t` (`t ≥ 1`): `survivors[t−1] − survivors[t]`.
    public func cancellations(inPeriod t: Int) -> Int { survivors[t - 1] - survivors[t] }

    /// Checks the counts: at least two periods, none negative, period 0 non-empty, never increasing.
    public func validate() throws(RetentionModelError) {
        guard survivors.count >= 2 else {
            throw .tooFewPeriods(cohort: cohort, periods: survivors.count, needed: 2)
        }
        for (t, n) in survivors.enumerated() where n < 0 {
            throw .negativeCount(cohort: cohort, period: t, count: n)
        }
        guard survivors[0] > 0 else { throw .emptyCohort(cohort: cohort) }
        for t in 1..<survivors.count where survivors[t] > survivors[t - 1] {
            throw .increasingSurvivors(cohort: cohort, period: t, previous: survivors[t - 1], count: survivors[t])
        }
    }
}
