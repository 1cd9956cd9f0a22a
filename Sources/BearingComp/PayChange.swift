/// How one CSM's pay moves from plan A to plan B over the same periods (dollars).
public struct PayChange: Sendable, Hashable, Encodable {
    public var csmID: String
    public var totalA: Double
    public var totalB: Double
    /// `totalB - totalA`: positive for a gainer.
    public var change: Double
    /// Realised NRR of the CSM's book, to see whether gains go to strong performers.
    public var nrr: Double

    public init(csmID: String, totalA: Double, totalB: Double, nrr: Double) {
        self.csmID = csmID
        self.totalA = totalA
        self.totalB = totalB
        self.change = totalB - totalA
        self.nrr = nrr
    }

    private enum CodingKeys: String, CodingKey {
        case csmID, totalA, totalB, change, nrr
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(csmID, forKey: .csmID)
        try c.encodeNumber(totalA, forKey: .totalA)
        try c.encodeNumber(totalB, forKey: .totalB)
        try c.encodeNumber(change, forKey: .change)
        try c.encodeNumber(nrr, forKey: .nrr)
    }
}

