import BearingPanel
import BearingRandom

/// Where one trial's new logos sit in the customer index space.
///
/// Starting customers are indices `0..<startCustomers` (segments in scenario order). New logos
/// follow in acquisition order: period 1's, segment by segment, then period 2's, and so on.
/// The count of each (period, segment) cell is drawn first, from its own stream keyed by
/// (seed, trial, segment, period, `DrawPurpose.newLogos`), so every index — and with it every
/// new logo's own streams — depends only on the seed, the trial and the scenario, never on
/// threads, shards or the order in which customers are simulated.
struct NewLogoPlan: Sendable {
    let startCustomers: Int
    let segmentCount: Int
    /// `first[(a − 1) · segmentCount + s]` = index of the first new logo acquired in period `a`
    /// by segment `s`; one more entry at the end holds the trial's customer total.
    let first: [Int]

    /// Customers in the trial: starting customers plus new logos.
    var total: Int { first[first.count - 1] }

    init(model: CompiledScenario, seed: UInt64, trial: Int) {
        startCustomers = model.customerCount
        segmentCount = model.segments.count
        var first = [Int]()
        var next = model.customerCount
        if model.hasNewLogos {
            first.reserveCapacity((model.periodCount - 1) * segmentCount + 1)
            for a in 1..<model.periodCount {
                for (s, segment) in model.segments.enumerated() {
                    first.append(next)
                    guard segment.newLogoMean > 0 else { continue }
                    var rng = RandomStream(
                        key: StreamKey(
                            seed: seed, trial: UInt32(truncatingIfNeeded: trial), customer: UInt32(s), period: UInt32(a),
                            purpose: DrawPurpose.newLogos.rawValue))
                    let mean =
                        segment.newLogoShape > 0
                        ? rng.nextGamma(shape: segment.newLogoShape, scale: segment.newLogoMean / segment.newLogoShape)
                        : segment.newLogoMean
                    next += rng.nextPoisson(mean: min(mean, 1e12))
                }
            }
        }
        first.append(next)
        self.first = first
    }

    /// The acquisition cell of new logo `c` (`c ≥ startCustomers`) at or after cell `from`
    /// (customers are visited in increasing order, so a caller walks forward).
    @inline(__always)
    func cell(of c: Int, from: Int) -> Int {
        var cell = from
        while first[cell + 1] <= c { cell += 1 }
        return cell
    }

    /// The first cell holding customers at index `c` or later.
    func firstCell(atOrAfter c: Int) -> Int {
        first.dropLast().lastIndex(atMost: c) { $0 }
    }
}
