/// The vector map as a density: rows of the window per cell of a grid over direction
/// [-1, 1] (columns, left to right) and magnitude [0, 1] (rows, bottom to top), with churn per
/// cell. Cell (i, j) is `counts[i * direction_bins + j]`: magnitude bin i, direction bin j;
/// a value on an inner edge falls in the upper cell, 1 falls in the last.
public struct VectorMapDensity: Codable, Sendable, Hashable {
    public var directionBins: Int
    public var magnitudeBins: Int
    public var counts: [Int]
    public var churned: [Int]

    public init(directionBins: Int, magnitudeBins: Int, counts: [Int], churned: [Int]) {
        self.directionBins = directionBins
        self.magnitudeBins = magnitudeBins
        self.counts = counts
        self.churned = churned
    }

    /// Counts `direction` and `magnitude` (equal length) into a grid; `labels` marks churn.
    public init(direction: [Float], magnitude: [Float], labels: [Bool], directionBins: Int = 20, magnitudeBins: Int = 20) {
        var counts = [Int](repeating: 0, count: directionBins * magnitudeBins)
        var churned = counts
        let dScale = Float(directionBins) / 2
        let mScale = Float(magnitudeBins)
        for k in direction.indices {
            // Undefined scores (weights so large the sums overflow) are left off the map; clamping
            // in Float before converting keeps 1 in the last bin and any value convertible.
            let d = direction[k]
            let m = magnitude[k]
            guard d.isFinite, m.isFinite else { continue }
            let j = Int(min(Float(directionBins - 1), max(0, ((d + 1) * dScale).rounded(.down))))
            let i = Int(min(Float(magnitudeBins - 1), max(0, (m * mScale).rounded(.down))))
            counts[i * directionBins + j] += 1
            if labels[k] { churned[i * directionBins + j] += 1 }
        }
        self.init(directionBins: directionBins, magnitudeBins: magnitudeBins, counts: counts, churned: churned)
    }
}
