import BearingPanel

/// Receives the rows of simulated customer-periods. `records` is static so the aggregate-only
/// kernel compiles without any row work.
protocol RowRecorder {
    static var records: Bool { get }
    mutating func record(_ row: SimulatedRow, features: UnsafeBufferPointer<Float>)
}

/// The non-feature fields of one customer-period row.
struct SimulatedRow {
    var customer: Int
    var period: Int
    var segment: Int
    var fit: Fit
    var csm: Int
    var arr: Double
    var churned: Bool
    var expansion: Double
    var contraction: Double
    var milestone: Int32
    var milestoneReached: Int8
    var direction: Float
    var experience: Float
    var isDark: Bool
    var category: VectorCategory
    var churnProbability: Float
    /// Contract term in months, -1 without a contract.
    var termMonths: Int32
    /// Month index of the current term's last month (its renewal), nil without a contract.
    var termEndMonth: Int?
    /// The period holds a renewal of a term contract.
    var renewal: Bool
    /// Acquisition period of a new logo, -1 for a starting customer.
    var acquiredIn: Int32
}

struct NoRows: RowRecorder {
    static var records: Bool { false }
    func record(_ row: SimulatedRow, features: UnsafeBufferPointer<Float>) {}
}
