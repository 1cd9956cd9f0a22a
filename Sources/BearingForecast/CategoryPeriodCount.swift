import BearingPanel

/// Customers at risk and churned in one cell (cohort, period since acquisition, vector category
/// at the start of the period): the data of ``CategoryShiftedBetaGeometric``.
///
/// `period` counts from acquisition like ``SurvivalCounts``: period 1 is a customer's first
/// period, and `atRisk` customers of the cohort started period `period` in `category`, of
/// whom `churned` cancelled during it.
public struct CategoryPeriodCount: Sendable, Hashable, Codable {
    public var cohort: String
    public var period: Int
    public var category: VectorCategory
    public var atRisk: Int
    public var churned: Int

    public init(cohort: String = "all", period: Int, category: VectorCategory, atRisk: Int, churned: Int) {
        self.cohort = cohort
        self.period = period
        self.category = category
        self.atRisk = atRisk
        self.churned = churned
    }

    /// Checks `period ≥ 1` and `0 ≤ churned ≤ atRisk`.
    public func validate() throws(RetentionModelError) {
        guard period >= 1, atRisk >= 0, churned >= 0, churned <= atRisk else {
            throw .invalidCategoryCount(cohort: cohort, period: period, category: category.label, atRisk: atRisk, churned: churned)
        }
    }

    enum CodingKeys: String, CodingKey {
        case cohort, period, category
        case atRisk = "at_risk"
        case churned
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        cohort = try c.decode(String.self, forKey: .cohort)
        period = try c.decode(Int.self, forKey: .period)
        category = try c.decodeCategoryLabel(forKey: .category)
        atRisk = try c.decode(Int.self, forKey: .atRisk)
        churned = try c.decode(Int.self, forKey: .churned)
    }

    /// Writes the category as its label (`positive`, ...), like the panel and scores files.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(cohort, forKey: .cohort)
        try c.encode(period, forKey: .period)
        try c.encode(category.label, forKey: .category)
        try c.encode(atRisk, forKey: .atRisk)
        try c.encode(churned, forKey: .churned)
    }
}
