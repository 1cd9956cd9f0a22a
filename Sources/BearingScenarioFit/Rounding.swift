#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Rounding of fitted numbers so a fitted scenario prints short and reads back exactly.
///
/// `significant(x, 4)` is the double nearest to x's 4-significant-digit decimal (the integer
/// of digits divided by a power of ten is correctly rounded), so printing it in Swift's
/// shortest form gives that decimal and decoding the text gives the same double.
package enum Rounding {
    package static func significant(_ x: Double, _ digits: Int = 4) -> Double {
        guard x.isFinite, x != 0 else { return x.isFinite ? 0 : x }
        let exponent = Int(floor(log10(abs(x))))
        let places = digits - 1 - exponent
        if places >= 0 {
            let scale = pow(10, Double(min(places, 22)))
            return (x * scale).rounded() / scale
        }
        let scale = pow(10, Double(-places))
        return (x / scale).rounded() * scale
    }

    /// Shares of `counts` in units of 1e-4 that sum to exactly 10,000 units (largest remainder).
    package static func shares(_ counts: [Int]) -> [Double] {
        let total = counts.reduce(0, +)
        guard total > 0 else { return counts.map { _ in 1 / Double(max(1, counts.count)) } }
        let exact = counts.map { Double($0) * 10_000 / Double(total) }
        var units = exact.map { Int($0.rounded(.down)) }
        let order = exact.indices.sorted { (exact[$0] - Double(units[$0]), $1) > (exact[$1] - Double(units[$1]), $0) }
        for i in order.prefix(10_000 - units.reduce(0, +)) { units[i] += 1 }
        return units.map { Double($0) / 10_000 }
    }
}
