import BearingPanel

/// One customer's next-period prospects: the inputs of the vector forecast.
public struct CustomerOutlook: Sendable, Hashable {
    /// Panel row the outlook was built from, and the customer's index (keys its random stream).
    public var row: Int32
    public var customer: Int32
    public var segment: Int32
    public var category: VectorCategory
    /// ARR at the start of the period (what churn loses).
    public var arr: Double
    /// Probability of churning during the period.
    public var churnProbability: Double
    /// Catalogue index of the next milestone, or -1 when the customer is on none.
    public var milestone: Int32 = -1
    /// Probability of reaching the milestone during the period.
    public var reachProbability: Double = 0
    /// Probability of taking the upsell once the milestone is reached.
    public var takeRate: Double = 0
    /// Upsell value used: realised per segment, shrunk toward the list value (`UpsellValue`).
    public var upsellARR: Double = 0
    /// Posteriors behind the rates and the value, drawn once per trial and cell when the
    /// forecast includes parameter uncertainty; nil means the point values are exact.
    public var uncertainty: ParameterUncertainty?
    /// Good fit (stretch counts as good): reports show bad-fit churn apart from good-fit churn.
    public var goodFit: Bool = true

    public init(
        row: Int32, customer: Int32, segment: Int32, category: VectorCategory, arr: Double, churnProbability: Double,
        milestone: Int32 = -1, reachProbability: Double = 0, takeRate: Double = 0, upsellARR: Double = 0,
        goodFit: Bool = true
    ) {
        self.row = row
        self.customer = customer
        self.segment = segment
        self.category = category
        self.arr = arr
        self.churnProbability = churnProbability
        self.milestone = milestone
        self.reachProbability = reachProbability
        self.takeRate = takeRate
        self.upsellARR = upsellARR
        self.goodFit = goodFit
    }

    /// Sampling distributions of a cell's reach rate, take rate and upsell value.
    public struct ParameterUncertainty: Sendable, Hashable {
        public var reach: ShrunkRate
        public var take: ShrunkRate
        public var upsell: UpsellValue
        /// Relative period-to-period drift of the milestone's reach × take rate
        /// (`ForecastRates.drift(milestone:)`); 0 = none.
        public var drift: Double
        public init(reach: ShrunkRate, take: ShrunkRate, upsell: UpsellValue, drift: Double = 0) {
            self.reach = reach
            self.take = take
            self.upsell = upsell
            self.drift = drift
        }
    }

    /// Expected expansion ARR: reach probability × take rate × upsell value.
    public var expectedExpansionARR: Double { reachProbability * takeRate * upsellARR }
    /// Expected churned ARR: churn probability × ARR.
    public var expectedChurnedARR: Double { churnProbability * arr }
}
