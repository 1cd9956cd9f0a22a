import BearingPanel

/// A number per fit (`good`, `stretch`, `bad`): an additive effect (`FitEffect`) or a share
/// of the book (`SegmentSpec.FitMix`). They decode differently, so they stay two types; this
/// gives both the lookup by fit.
public protocol PerFitValues {
    var good: Double { get }
    var stretch: Double { get }
    var bad: Double { get }
}

extension PerFitValues {
    /// The value for `fit`.
    public subscript(fit: Fit) -> Double {
        switch fit {
        case .good: good
        case .stretch: stretch
        case .bad: bad
        }
    }
}
