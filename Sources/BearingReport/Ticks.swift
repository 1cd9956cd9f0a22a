import Foundation

/// "Nice" axis ticks: steps of 1, 2, 2.5 or 5 times a power of ten, so tick labels read
/// as round numbers.
package enum Ticks {
    /// The nice step closest to `span / target` from {1, 2, 2.5, 5} x 10^k, for `span > 0`.
    package static func step(span: Double, target: Int) -> Double {
        guard span > 0, span.isFinite, target > 0 else { return 1 }
        let raw = span / Double(target)
        let power = pow(10, floor(log10(raw)))
        let candidates = [1.0, 2, 2.5, 5, 10].map { $0 * power }
        return candidates.min { abs($0 - raw) < abs($1 - raw) } ?? raw
    }

    /// Tick values covering `[low, high]`: the domain is widened outward to whole steps, so the
    /// first tick is <= low and the last >= high. About `target` intervals; never empty. A
    /// degenerate domain (low == high) is widened by one unit of its magnitude on each side.
    package static func nice(low: Double, high: Double, target: Int = 5) -> [Double] {
        var lo = low.isFinite ? low : 0
        var hi = high.isFinite ? high : 1
        if lo > hi { swap(&lo, &hi) }
        if lo == hi {
            let pad = lo == 0 ? 1 : abs(lo) * 0.1
            lo -= pad
            hi += pad
        }
        let s = step(span: hi - lo, target: target)
        let first = floor(lo / s + 1e-9)
        let last = ceil(hi / s - 1e-9)
        var ticks: [Double] = []
        var k = first
        while k <= last + 1e-9, ticks.count < 100 {
            let v = k * s
            ticks.append(abs(v) < s * 1e-9 ? 0 : v)
            k += 1
        }
        return ticks
    }

    /// Decimal places needed to print multiples of `step` exactly (`0.25` → 2, `5` → 0).
    package static func decimals(forStep step: Double) -> Int {
        guard step > 0, step.isFinite else { return 0 }
        for d in 0...6 {
            let scaled = step * pow(10, Double(d))
            if abs(scaled - scaled.rounded()) < 1e-6 * max(1, scaled) { return d }
        }
        return 6
    }
}
