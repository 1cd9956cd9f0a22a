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
    /// Spread of variable pay per CSM (every CSM on the roster).
    public var spread: PayoutSpread
    /// CSMs with a realised NRR (a book in some period of the range): the sample of the
    /// pay-for-performance measures below (`PayPerformance`).
    public var rankedCSMCount: Int
    /// Population SD of realised NRR across those CSMs: one unit of the performance index.
    @NaNAsNull public var nrrStandardDeviation: Double
    /// OLS slope of variable pay over the range on the performance index (CSMs' realised NRR
    /// standardised across CSMs), in dollars per SD, with its 95% t interval; marked
    /// insufficient below `PayPerformance.minimumCSMs` CSMs. See `PayPerformance`.
    public var payPerformanceSlope: MetricValue
    /// Spearman rank correlation (average ranks for ties) of variable pay with realised NRR,
    /// over CSMs with a book. Read it beside the slope and `payoutGini`: nearly flat pay can
    /// still be perfectly ordered.
    @NaNAsNull public var payPerformanceCorrelation: Double
    /// Share of variable pay earned by the top quartile of performers: CSMs whose realised NRR
    /// is at or above the 0.75 quantile (numpy linear) of the ranked CSMs' NRR.
    @NaNAsNull public var topQuartileVariableShare: Double
    /// Gini coefficient of variable pay over the ranked CSMs (0 = everyone paid the same).
    @NaNAsNull public var payoutGini: Double

    public init(
        planName: String, csmCount: Int, totalCost: Double, baseCost: Double, variableCost: Double,
        clawback: Double, salesCommission: Double, retainedARR: Double, retainedRevenue: Double,
        spread: PayoutSpread, payPerformance: PayPerformance
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
        self.rankedCSMCount = payPerformance.csmCount
        self.nrrStandardDeviation = payPerformance.nrrStandardDeviation
        self.payPerformanceSlope = payPerformance.slope
        self.payPerformanceCorrelation = payPerformance.rankCorrelation
        self.topQuartileVariableShare = payPerformance.topQuartileShare
        self.payoutGini = payPerformance.gini
    }
}
