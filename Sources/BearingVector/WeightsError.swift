/// Why a `Weights` value cannot be used, worded for the person who wrote or chose the file.
public enum WeightsError: Error, Sendable, Hashable, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case unsupportedFormat(found: Int, supported: Int)
    case emptySchema
    case duplicateFeature(String)
    case badFeatureName(String)
    case groupMismatch(feature: String, declared: String)
    case nonFinite(field: String)
    case nonPositiveSD(feature: String, sd: Double)
    case thresholdOutOfRange(field: String, value: Double, range: String)
    case thresholdsOutOfOrder(negative: Double, positive: Double)
    case unknownGhostFeature(String)
    case missingColumn(feature: String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason):
            "cannot read weights file \(path): \(reason)"
        case .unsupportedFormat(let found, let supported):
            "weights format \(found) is not supported (this Bearing reads format \(supported)); recalibrate with this version"
        case .emptySchema:
            "weights have no features; a Success Vector needs at least one outcome.* or experience.* feature"
        case .duplicateFeature(let name):
            "feature \(name) appears twice in the weights schema"
        case .badFeatureName(let name):
            "feature \(name) must start with outcome., experience. or engagement."
        case .groupMismatch(let feature, let declared):
            "feature \(feature) is declared in group \(declared) but its name says otherwise"
        case .nonFinite(let field):
            "\(field) must be a finite number"
        case .nonPositiveSD(let feature, let sd):
            "feature \(feature) has standard deviation \(sd); it must be > 0 (a constant feature cannot be standardised; drop it)"
        case .thresholdOutOfRange(let field, let value, let range):
            "threshold \(field) = \(value) is outside \(range)"
        case .thresholdsOutOfOrder(let negative, let positive):
            "thresholds.negative_direction (\(negative)) must not exceed thresholds.positive_direction (\(positive))"
        case .unknownGhostFeature(let name):
            "ghost rule uses \(name), which is not in the weights schema"
        case .missingColumn(let feature):
            "the weights need column \(feature), which the history does not have"
        }
    }
}
