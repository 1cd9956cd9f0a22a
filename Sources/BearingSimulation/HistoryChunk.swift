import BearingPanel

/// The hidden state behind each row of a simulated panel, row-aligned with the chunk's panel.
/// Ground truth for checks (oracle AUC, comp plan vs CSM skill); never written to history.csv.
public struct LatentTrace: Sendable, Hashable {
    /// Latent direction at the start of the row's period.
    public var direction: [Float] = []
    /// Latent experience at the start of the row's period.
    public var experience: [Float] = []
    /// Dark at the start of the row's period.
    public var dark: [Bool] = []
    /// True latent vector category at the start of the row's period.
    public var category: [VectorCategory] = []
    /// The churn probability the row's churn was drawn with (after shocks; for a term contract
    /// the accumulated probability at a renewal, the early-termination one between renewals).
    public var churnProbability: [Float] = []
    /// Contract term in months (-1 without a contract).
    public var contractTermMonths: [Int32] = []
    /// The last day of the current contract term (`CalendarDate.dayNumber`), or
    /// `ContractColumns.noDate` without a contract.
    public var renewalDay: [Int32] = []
    /// The row's period holds the renewal of a term contract: churn and contraction are
    /// decided then (between renewals only early termination happens).
    public var renewal: [Bool] = []
    /// Period index in which a new logo was acquired; -1 for the starting book.
    public var acquiredIn: [Int32] = []

    public init() {}
}

/// A block of consecutive customers of one trial: their panel rows (customer-major, periods
/// ascending) and the latent state behind them.
public struct HistoryChunk: Sendable, Hashable {
    /// Global customer indices covered.
    public var customers: Range<Int>
    public var panel: HistoryPanel
    public var latent: LatentTrace
}

/// Builds a chunk from kernel rows.
struct ChunkRecorder: RowRecorder {
    static var records: Bool { true }
    var panel: HistoryPanel
    var latent = LatentTrace()
    let firstCustomer: Int
    let periods: [Period]
    let customerIDs: [String]

    mutating func record(_ row: SimulatedRow, features: UnsafeBufferPointer<Float>) {
        let local = row.customer - firstCustomer
        if local == panel.customerIDs.count { panel.customerIDs.append(customerIDs[local]) }
        panel.customer.append(Int32(local))
        panel.period.append(periods[row.period])
        panel.segment.append(Int32(row.segment))
        panel.fit.append(row.fit)
        panel.csm.append(Int32(row.csm))
        panel.arr.append(row.arr)
        panel.churned.append(row.churned)
        panel.expansionARR.append(row.expansion)
        panel.contractionARR.append(row.contraction)
        panel.milestone.append(row.milestone)
        panel.milestoneReached.append(row.milestoneReached)
        for f in features.indices { panel.features[f].values.append(features[f]) }
        latent.direction.append(row.direction)
        latent.experience.append(row.experience)
        latent.dark.append(row.isDark)
        latent.category.append(row.category)
        latent.churnProbability.append(row.churnProbability)
        let renewalDate = row.termEndMonth.map { CalendarDate(lastDayOfMonthIndex: $0) }
        latent.contractTermMonths.append(row.termMonths)
        latent.renewalDay.append(renewalDate?.dayNumber ?? ContractColumns.noDate)
        latent.renewal.append(row.renewal)
        latent.acquiredIn.append(row.acquiredIn)
        if panel.contracts != nil { panel.contracts?.append(termMonths: row.termMonths, renewal: renewalDate) }
    }
}
