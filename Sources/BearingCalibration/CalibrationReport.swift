import BearingMetrics
import BearingPanel
import BearingVector

/// What a calibration did, for the user and for `backtest`: data used, regularisation chosen,
/// solver status, signs, and the training churn rate by category.
public struct CalibrationReport: Sendable, Hashable, Codable {
    public var model: ModelKind
    public var trainingRows: Int
    public var trainingChurned: Int
    public var trainingPeriods: [Period]
    /// C used for the final fit (nil for `health`, whose link is unpenalised).
    public var c: Double?
    /// Mean validation log loss per candidate C (vector model, when C was cross-validated).
    public var crossValidation: [CrossValidationPoint]
    public var newtonIterations: Int
    public var converged: Bool
    /// Health-score signs and where each came from (health model only).
    public var signs: [FeatureSign]
    /// Churn rate by category on the training rows, ghost first.
    public var categoryChurn: [GroupRate]
    /// Whether training churn orders ghost > negative > neutral > positive (categories with rows only).
    public var categoryOrderHolds: Bool
    /// Whether the categories (and so `categoryChurn` and any cohort table) are this model's
    /// own: true for `vector`, whose thresholds were fitted on its axes. `logistic` and
    /// `health` categorise with the default domain-signed vector weights, which say nothing
    /// about them, so their category and cohort tables are not shown.
    public var ownsCategories: Bool
    public var notes: [String]
}

/// One candidate of the cross-validated regularisation.
public struct CrossValidationPoint: Sendable, Hashable, Codable {
    public var c: Double
    /// Mean over folds of each fold's mean log loss (NaN, encoded as null, when no fold could be fitted).
    public var meanLogLoss: Double
    public var folds: Int

    public init(c: Double, meanLogLoss: Double, folds: Int) {
        self.c = c
        self.meanLogLoss = meanLogLoss
        self.folds = folds
    }

    enum CodingKeys: String, CodingKey { case c, meanLogLoss, folds }

    public init(from decoder: any Decoder) throws {
        let k = try decoder.container(keyedBy: CodingKeys.self)
        c = try k.decode(Double.self, forKey: .c)
        meanLogLoss = try k.decodeIfPresent(Double.self, forKey: .meanLogLoss) ?? .nan
        folds = try k.decode(Int.self, forKey: .folds)
    }

    public func encode(to encoder: any Encoder) throws {
        var k = encoder.container(keyedBy: CodingKeys.self)
        try k.encode(c, forKey: .c)
        try k.encode(meanLogLoss.finiteOrNil, forKey: .meanLogLoss)
        try k.encode(folds, forKey: .folds)
    }
}

/// Sign of one health-score feature.
public struct FeatureSign: Sendable, Hashable, Codable {
    public var feature: String
    public var sign: Double
    public var source: HealthSigns.Source
    /// The sign the name alone suggests (`DomainSign`), nil when the name says nothing; shown
    /// beside `sign` so a name the data contradicts (an add-on support service that keeps
    /// customers) is visible.
    public var nameSign: Double?

    public init(feature: String, sign: Double, source: HealthSigns.Source, nameSign: Double? = nil) {
        self.feature = feature
        self.sign = sign
        self.source = source
        self.nameSign = nameSign
    }
}

/// Churn in one group (a category or a cohort).
public struct GroupRate: Sendable, Hashable, Codable {
    public var group: String
    public var rows: Int
    public var churned: Int
    /// churned / rows (NaN, encoded as null, for an empty group).
    public var churnRate: Double
    /// Mean forecast probability of the group (NaN when not applicable).
    public var meanProbability: Double
    /// 95% Wilson score interval of `churnRate` (nil for an empty group). Rows are treated as
    /// independent trials; in pooled backtest groups a customer may contribute several periods.
    public var ciLow: Double?
    public var ciHigh: Double?
    /// True when the group has fewer rows than `SampleSufficiency.minimumCustomers`.
    public var insufficient: Bool
    public var reason: String?

    public init(group: String, rows: Int, churned: Int, probabilitySum: Double) {
        self.group = group
        self.rows = rows
        self.churned = churned
        self.churnRate = rows > 0 ? Double(churned) / Double(rows) : .nan
        self.meanProbability = rows > 0 ? probabilitySum / Double(rows) : .nan
        let interval = ConfidenceInterval.wilson(successes: churned, trials: rows)
        self.ciLow = interval?.low
        self.ciHigh = interval?.high
        self.reason = SampleSufficiency.proportionReason(trials: rows)
        self.insufficient = reason != nil
    }

    enum CodingKeys: String, CodingKey {
        case group, rows, churned, churnRate, meanProbability
        case ciLow = "ci_low"
        case ciHigh = "ci_high"
        case insufficient, reason
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        group = try c.decode(String.self, forKey: .group)
        rows = try c.decode(Int.self, forKey: .rows)
        churned = try c.decode(Int.self, forKey: .churned)
        churnRate = try c.decodeIfPresent(Double.self, forKey: .churnRate) ?? .nan
        meanProbability = try c.decodeIfPresent(Double.self, forKey: .meanProbability) ?? .nan
        ciLow = try c.decodeIfPresent(Double.self, forKey: .ciLow)
        ciHigh = try c.decodeIfPresent(Double.self, forKey: .ciHigh)
        insufficient = try c.decodeIfPresent(Bool.self, forKey: .insufficient) ?? false
        reason = try c.decodeIfPresent(String.self, forKey: .reason)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(group, forKey: .group)
        try c.encode(rows, forKey: .rows)
        try c.encode(churned, forKey: .churned)
        try c.encode(churnRate.finiteOrNil, forKey: .churnRate)
        try c.encode(meanProbability.finiteOrNil, forKey: .meanProbability)
        try c.encode(ciLow, forKey: .ciLow)
        try c.encode(ciHigh, forKey: .ciHigh)
        try c.encode(insufficient, forKey: .insufficient)
        try c.encodeIfPresent(reason, forKey: .reason)
    }
}

extension Double {
    /// nil for NaN and infinities, so JSON gets `null` instead of failing to encode.
    var finiteOrNil: Double? { isFinite ? self : nil }
}

/// Churn rates by vector category and by cohort.
public enum GroupRates {
    /// Ghost, negative, neutral, positive (the order churn should follow, highest first).
    public static let categoryOrder: [VectorCategory] = [.ghost, .negative, .neutral, .positive]

    public static func byCategory(
        categories: [VectorCategory], labels: [Bool], probabilities: [Double]? = nil
    ) -> [GroupRate] {
        rates(of: categoryOrder, label: \.label, rowGroups: categories, labels: labels, probabilities: probabilities)
    }

    public static func byCohort(cohorts: [Cohort], labels: [Bool], probabilities: [Double]? = nil) -> [GroupRate] {
        rates(of: Cohort.allCases, label: \.label, rowGroups: cohorts, labels: labels, probabilities: probabilities)
    }

    /// Churn of each group in `groups`, in that order, over the rows whose group is `rowGroups[i]`.
    private static func rates<Group: Equatable>(
        of groups: [Group], label: (Group) -> String, rowGroups: [Group], labels: [Bool], probabilities: [Double]?
    ) -> [GroupRate] {
        groups.map { group in
            var rows = 0
            var churned = 0
            var sum = 0.0
            for i in rowGroups.indices where rowGroups[i] == group {
                rows += 1
                churned += labels[i] ? 1 : 0
                sum += probabilities?[i] ?? .nan
            }
            return GroupRate(group: label(group), rows: rows, churned: churned, probabilitySum: sum)
        }
    }

    /// True when the churn rates of the non-empty categories strictly decrease in `categoryOrder`.
    public static func orderHolds(_ rates: [GroupRate]) -> Bool {
        let present = rates.filter { $0.rows > 0 }.map(\.churnRate)
        for i in present.indices.dropFirst() where !(present[i - 1] > present[i]) { return false }
        return true
    }
}
