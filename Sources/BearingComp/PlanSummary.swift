/// The side-by-side numbers of one plan over one range of periods (dollars; shares as fractions).
public struct PlanSummary: Sendable, Hashable, Encodable {
    public var planName: String
    public var csmCount: Int
    /// Base + variable (net of clawbacks) over all CSMs and windows.
    public var totalCost: Double
    public var baseCost: Double
    public var variableCost: Double
    /// Clawbacks recovered (already netted out of `variableCost`).
    public var clawback: Double
    /// Sales' part of expansion commissions: not in `totalCost`.
    public var salesCommission: Double
    /// Σ over windows and books of retained ARR (start + expansion - contraction - churned).
    public var retainedARR: Double
    /// Revenue the retained ARR earned during the windows: Σ retained ARR × window years.
    public var retainedRevenue: Double
    /// `totalCost / retainedRevenue`: plan cost as a fraction of the retained revenue of the same
    /// periods (a quarter's cost against a quarter of retained ARR).
    public var costShareOfRetainedRevenue: Double
    /// `variableCost / retainedRevenue`.
    public var variableShareOfRetainedRevenue: Double
    /// Spread of variable pay per CSM.
    public var spread: PayoutSpread
    /// Spearman rank correlation (average ranks for ties) of variable pay with realised NRR,
    /// over CSMs with a book.
    public var payPerformanceCorrelation: Double
    /// Share of variable pay earned by the top quartile of performers: CSMs whose realised NRR
    /// is at or above the 0.75 quantile (numpy linear) of all CSMs' NRR.
    public var topQuartileVariableShare: Double

    public init(
        planName: String, csmCount: Int, totalCost: Double, baseCost: Double, variableCost: Double,
        clawback: Double, salesCommission: Double, retainedARR: Double, retainedRevenue: Double,
        spread: PayoutSpread, payPerformanceCorrelation: Double, topQuartileVariableShare: Double
    ) {
        self.planName = planName
        self.csmCount = csmCount
        self.totalCost = totalCost
        self.baseCost = baseCost
        self.variableCost = variableCost
        self.clawback = clawback
        self.salesCommission = salesCommission
        self.retainedARR = retainedARR
        self.retainedRevenue = retainedRevenue
        self.costShareOfRetainedRevenue = retainedRevenue > 0 ? totalCost / retainedRevenue : .nan
        self.variableShareOfRetainedRevenue = retainedRevenue > 0 ? variableCost / retainedRevenue : .nan
        self.spread = spread
        self.payPerformanceCorrelation = payPerformanceCorrelation
        self.topQuartileVariableShare = topQuartileVariableShare
    }

    private enum CodingKeys: String, CodingKey {
        case planName, csmCount, totalCost, baseCost, variableCost, clawback, salesCommission, retainedARR, retainedRevenue, costShareOfRetainedRevenue, variableShareOfRetainedRevenue, spread, payPerformanceCorrelation, topQuartileVariableShare
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(planName, forKey: .planName)
        try c.encode(csmCount, forKey: .csmCount)
        try c.encodeNumber(totalCost, forKey: .totalCost)
        try c.encodeNumber(baseCost, forKey: .baseCost)
        try c.encodeNumber(variableCost, forKey: .variableCost)
        try c.encodeNumber(clawback, forKey: .clawback)
        try c.encodeNumber(salesCommission, forKey: .salesCommission)
        try c.encodeNumber(retainedARR, forKey: .retainedARR)
        try c.encodeNumber(retainedRevenue, forKey: .retainedRevenue)
        try c.encodeNumber(costShareOfRetainedRevenue, forKey: .costShareOfRetainedRevenue)
        try c.encodeNumber(variableShareOfRetainedRevenue, forKey: .variableShareOfRetainedRevenue)
        try c.encode(spread, forKey: .spread)
        try c.encodeNumber(payPerformanceCorrelation, forKey: .payPerformanceCorrelation)
        try c.encodeNumber(topQuartileVariableShare, forKey: .topQuartileVariableShare)
    }
}

