import BearingPanel
import Foundation

/// A calibrated (or default) Success Vector model: feature schema, standardisation, the
/// direction and magnitude weights and biases, category thresholds, the churn link and
/// provenance. This is the `weights.json` that `score`, `forecast`, `comp` and `report` read.
///
/// Per customer and period, with z_j = (x_j - mean_j) / sd_j and a missing x_j imputed to the
/// training mean (z_j = 0):
///
///     direction_raw = directionBias + Σ_j direction_j·z_j     direction = tanh(direction_raw)      ∈ (-1, 1)
///     magnitude_raw = magnitudeBias + Σ_j magnitude_j·z_j     magnitude = logistic(magnitude_raw)  ∈ (0, 1)
///     category      = CategoryThresholds (ghost from raw engagement values)
///     churn         = logistic(ChurnLink logit)
///
/// tanh keeps direction signed (toward or away from the required outcome) and saturating;
/// the logistic keeps magnitude a strength in (0, 1) with 0.5 at the average experience.
/// The three `ModelKind`s score through this one form and one kernel.
public struct Weights: Sendable, Hashable, Codable {
    /// Version of the JSON layout this type reads and writes.
    public static let currentFormat = 1

    public var format: Int
    public var kind: ModelKind
    /// Features in the order the kernel streams them.
    public var features: [WeightedFeature]
    /// How missing values are filled: always the training mean (z = 0); written so the file says so.
    public var imputation: String
    public var directionBias: Double
    public var magnitudeBias: Double
    public var thresholds: CategoryThresholds
    public var churnLink: ChurnLink
    public var provenance: Provenance

    public static let imputationPolicy = "training-mean"

    public init(
        kind: ModelKind, features: [WeightedFeature], directionBias: Double = 0, magnitudeBias: Double = 0,
        thresholds: CategoryThresholds, churnLink: ChurnLink, provenance: Provenance
    ) {
        self.format = Weights.currentFormat
        self.kind = kind
        self.features = features
        self.imputation = Weights.imputationPolicy
        self.directionBias = directionBias
        self.magnitudeBias = magnitudeBias
        self.thresholds = thresholds
        self.churnLink = churnLink
        self.provenance = provenance
    }

    /// Checks every contract the kernel relies on; throws the first violation.
    public func validate() throws(WeightsError) {
        guard format == Weights.currentFormat else {
            throw .unsupportedFormat(found: format, supported: Weights.currentFormat)
        }
        guard !features.isEmpty else { throw .emptySchema }
        var seen = Set<String>()
        for f in features {
            guard seen.insert(f.name).inserted else { throw .duplicateFeature(f.name) }
            guard let group = FeatureGroup(columnName: f.name) else { throw .badFeatureName(f.name) }
            guard group == f.group else { throw .groupMismatch(feature: f.name, declared: f.group.rawValue) }
            for (label, value) in [("mean", f.mean), ("direction", f.direction), ("magnitude", f.magnitude), ("churn", f.churn)]
            where !value.isFinite {
                throw .nonFinite(field: "\(f.name).\(label)")
            }
            guard f.sd.isFinite, f.sd > 0 else { throw .nonPositiveSD(feature: f.name, sd: f.sd) }
        }
        let scalars: [(String, Double)] = [
            ("direction_bias", directionBias), ("magnitude_bias", magnitudeBias),
            ("churn_link.intercept", churnLink.intercept), ("churn_link.direction", churnLink.direction),
            ("churn_link.magnitude", churnLink.magnitude), ("churn_link.ghost", churnLink.ghost),
        ]
        for (label, value) in scalars where !value.isFinite { throw .nonFinite(field: label) }
        let t = thresholds
        for (label, value) in [("thresholds.positive_direction", t.positiveDirection), ("thresholds.negative_direction", t.negativeDirection)]
        where !(value >= -1 && value <= 1) {
            throw .thresholdOutOfRange(field: label, value: value, range: "[-1, 1]")
        }
        guard t.positiveMagnitude >= 0, t.positiveMagnitude <= 1 else {
            throw .thresholdOutOfRange(field: "thresholds.positive_magnitude", value: t.positiveMagnitude, range: "[0, 1]")
        }
        guard t.negativeDirection <= t.positiveDirection else {
            throw .thresholdsOutOfOrder(negative: t.negativeDirection, positive: t.positiveDirection)
        }
        for rule in t.ghost {
            guard seen.contains(rule.feature) else { throw .unknownGhostFeature(rule.feature) }
            guard rule.threshold.isFinite else { throw .nonFinite(field: "ghost \(rule.feature) threshold") }
        }
    }

    // MARK: JSON

    /// Pretty-printed JSON with sorted keys, so the same weights always give the same bytes.
    public func jsonData() throws -> Data { try SortedJSON.data(self) }

    /// Decodes and validates weights JSON.
    public init(jsonData data: Data) throws(WeightsError) {
        let decoded: Weights
        do {
            decoded = try JSONDecoder().decode(Weights.self, from: data)
        } catch {
            throw .unreadable(path: "<data>", reason: Weights.describe(error))
        }
        try decoded.validate()
        self = decoded
    }

    /// Reads and validates a weights file.
    public init(contentsOf url: URL) throws(WeightsError) {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw .unreadable(path: url.path, reason: error.localizedDescription)
        }
        do {
            try self.init(jsonData: data)
        } catch .unreadable(_, let reason) {
            throw .unreadable(path: url.path, reason: reason)
        }
    }

    /// Writes the JSON atomically (a temporary file renamed into place).
    public func write(to url: URL) throws {
        try jsonData().write(to: url, options: .atomic)
    }

    private static func describe(_ error: any Error) -> String {
        guard let decoding = error as? DecodingError else { return "\(error)" }
        func path(_ context: DecodingError.Context) -> String {
            let p = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
            return p.isEmpty ? "top level" : p
        }
        switch decoding {
        case .keyNotFound(let key, let context):
            return "missing key \(key.stringValue) at \(path(context))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "\(context.debugDescription) at \(path(context))"
        case .dataCorrupted(let context):
            return "\(context.debugDescription) at \(path(context))"
        @unknown default:
            return "\(decoding)"
        }
    }
}
