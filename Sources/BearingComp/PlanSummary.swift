import BearingMetrics

/// The side-by-side numbers of one plan over one range of periods (dollars; shares as fractions).
public struct PlanSummary: Sendable, Hashable, Codable {
    public var planName: String
    public var csmCount: Int
    /// Base + variable (net of clawbacks) over all CSMs and windows.
    @NaNAsNull public var totalCost: Double
    @NaNAsNull public var baseCost: Double
    @NaNAsNull public var variableCost: Double
    /// Clawbacks recovered (already netted out of `variableCost`).
    @NaNAsNull public var clawback: Double
    /// Sales' part of expansion commissions: not in `totalCost`.
    @NaNAsNull public var salesCommission: Double
    /// Σ over windows and books of retained ARR (start + expansion - contraction - churned).
    @NaNAsNull public var retainedARR: Double
    /// Revenue the retained ARR earned during the windows: Σ retained ARR × window years.
    @NaNAsNull public var retainedRevenue: Double
    /// `totalCost / retainedRevenue`: plan cost as a fraction of the retained revenue of the same
    /// periods (a quarter's cost against a quarter of retained ARR).
    @NaNAsNull public var costShareOfRetainedRevenue: Double
    /// `variableCost / retainedRevenue`.
    @NaNAsNull public var variableShareOfRetainedRevenue: Double
    /// Spread of variable pay per CSM.
    public var spread: PayoutSpread
    /// Spearman rank correlation (average ranks for ties) of variable pay with realised NRR,
    /// over CSMs with a book.
    @NaNAsNull public var payPerformanceCorrelation: Double
    /// Share of variable pay earned by the top quartile of performers: CSMs whose realised NRR
    /// is at or above the 0.75 quantile (numpy linear) of all CSMs' NRR.
    @NaNAsNull public var topQuartileVariableShare: Double

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
}

