import BearingMetrics

/// How one CSM's pay moves from plan A to plan B over the same periods (dollars).
public struct PayChange: Sendable, Hashable, Codable {
    public var csmID: String
    @NaNAsNull public var totalA: Double
    @NaNAsNull public var totalB: Double
    /// `totalB - totalA`: positive for a gainer.
    @NaNAsNull public var change: Double
    /// Realised NRR of the CSM's book, to see whether gains go to strong performers.
    @NaNAsNull public var nrr: Double

    public init(csmID: String, totalA: Double, totalB: Double, nrr: Double) {
        self.csmID = csmID
        self.totalA = totalA
        self.totalB = totalB
        self.change = totalB - totalA
        self.nrr = nrr
    }
}
