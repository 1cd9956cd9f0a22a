import BearingRandom
import Foundation

/// The circular block bootstrap over a series of T periods (Politis & Romano 1992): a resample
/// joins ⌈T / ℓ⌉ blocks of ℓ consecutive periods, each starting at a uniformly drawn period and
/// wrapping from the last period to the first, and keeps the first T periods. Blocks keep the
/// dependence between neighbouring periods (a forecast that runs high tends to stay high for a
/// while) that resampling single periods would break; wrapping gives every period the same
/// chance to appear, so the bootstrap mean of a period average is the sample average exactly.
///
/// **Block length rule**: ℓ = max(1, round(T^(1/3))), the rate that minimises the error of the
/// bootstrap variance for smooth statistics (Hall, Horowitz & Jing 1995); 1 for T ≤ 3, 2 for
/// 4–15 periods, 3 for 16–42.
///
/// Resample r draws its block starts from the `RandomStream` keyed (seed, trial: r,
/// customer: `stream`, period: 0, purpose: `purpose`): `stream` separates independent series
/// (e.g. segments) within one run.
public struct PeriodBlockBootstrap: Sendable, Hashable {
    public let periods: Int
    public let blockLength: Int

    /// The `purpose` word of the block-start streams.
    public static let purpose: UInt32 = 0xB10C

    public init(periods: Int) {
        self.periods = max(0, periods)
        self.blockLength = Self.blockLength(periods: periods)
    }

    /// ℓ = max(1, round(T^(1/3))).
    public static func blockLength(periods: Int) -> Int {
        // T^(1/3) is never within rounding of a half for integer T (the switches sit at 3.375
        // and 15.625 periods), so cbrt's last-bit error cannot move the result.
        guard periods > 0 else { return 1 }
        return max(1, Int(cbrt(Double(periods)).rounded()))
    }

    /// Period indices (0..<T, with repeats) of resample `r`; empty when there are no periods.
    public func indices(resample r: Int, seed: UInt64, stream: UInt32 = 0) -> [Int] {
        guard periods > 0 else { return [] }
        var random = RandomStream(
            seed: seed, trial: UInt32(truncatingIfNeeded: r), customer: stream, period: 0, purpose: Self.purpose)
        var out: [Int] = []
        out.reserveCapacity(periods + blockLength)
        while out.count < periods {
            let start = random.nextIndex(below: periods)
            for j in 0..<blockLength { out.append((start + j) % periods) }
        }
        return Array(out.prefix(periods))
    }
}
