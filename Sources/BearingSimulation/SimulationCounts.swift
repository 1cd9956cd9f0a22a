/// Event counts of one trial (or one block of customers), per period of the horizon.
///
/// "At risk" in a period = customers present at its start (they get a panel row).
/// `dark` counts customers dark at the start of the period; `milestonePending` those with a
/// next milestone at its start; `milestonesReached` and `upsellsTaken` count reaches and takes;
/// `newLogos` the customers acquired in the period (at risk from it on); `renewals` the
/// renewal decisions of term contracts longer than a period in it.
public struct SimulationCounts: Sendable, Hashable, Codable {
    public var atRisk: [Int]
    public var churned: [Int]
    public var dark: [Int]
    public var contracted: [Int]
    public var milestonePending: [Int]
    public var milestonesReached: [Int]
    public var upsellsTaken: [Int]
    public var newLogos: [Int]
    public var renewals: [Int]

    public init(periods: Int) {
        atRisk = Array(repeating: 0, count: periods)
        churned = atRisk
        dark = atRisk
        contracted = atRisk
        milestonePending = atRisk
        milestonesReached = atRisk
        upsellsTaken = atRisk
        newLogos = atRisk
        renewals = atRisk
    }

    /// Customer-periods simulated (panel rows).
    public var customerPeriods: Int { atRisk.reduce(0, +) }

    public mutating func merge(_ other: SimulationCounts) {
        for p in atRisk.indices {
            atRisk[p] += other.atRisk[p]
            churned[p] += other.churned[p]
            dark[p] += other.dark[p]
            contracted[p] += other.contracted[p]
            milestonePending[p] += other.milestonePending[p]
            milestonesReached[p] += other.milestonesReached[p]
            upsellsTaken[p] += other.upsellsTaken[p]
            newLogos[p] += other.newLogos[p]
            renewals[p] += other.renewals[p]
        }
    }
}
