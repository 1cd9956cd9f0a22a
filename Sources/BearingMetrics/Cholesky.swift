/// Dense Cholesky factorisation and solves for the small symmetric systems of the Newton fits
/// (the logistic regression's and the retention models'): one implementation for both.
package enum Cholesky {
    /// The lower-triangular factor `L` (row-major `n × n`, upper triangle 0) with `L Lᵀ = A`,
    /// where `entry(j, k)` gives `A`'s entry for `k ≤ j`; nil unless `A` is positive definite.
    @inlinable
    package static func factor(dimension n: Int, entry: (Int, Int) -> Double) -> [Double]? {
        var l = [Double](repeating: 0, count: n * n)
        for j in 0..<n {
            for k in 0...j {
                var s = entry(j, k)
                for m in 0..<k { s -= l[j * n + m] * l[k * n + m] }
                if j == k {
                    guard s > 0, s.isFinite else { return nil }
                    l[j * n + j] = s.squareRoot()
                } else {
                    l[j * n + k] = s / l[k * n + k]
                }
            }
        }
        return l
    }

    /// `x` with `L Lᵀ x = b`, for a factor from `factor`.
    @inlinable
    package static func solve(factor l: [Double], dimension n: Int, rhs b: [Double]) -> [Double] {
        var z = b
        for j in 0..<n {
            var s = z[j]
            for m in 0..<j { s -= l[j * n + m] * z[m] }
            z[j] = s / l[j * n + j]
        }
        for j in stride(from: n - 1, through: 0, by: -1) {
            var s = z[j]
            for m in (j + 1)..<n { s -= l[m * n + j] * z[m] }
            z[j] = s / l[j * n + j]
        }
        return z
    }

    /// Solves `A x = b` for symmetric `A` given as a packed lower triangle (entry (j, k), k ≤ j,
    /// at j(j+1)/2 + k); nil unless `A` is positive definite.
    @inlinable
    package static func solve(packedLower a: [Double], dimension n: Int, rhs b: [Double]) -> [Double]? {
        guard let l = factor(dimension: n, entry: { j, k in a[j * (j + 1) / 2 + k] }) else { return nil }
        return solve(factor: l, dimension: n, rhs: b)
    }

    /// Solves `A x = b` for symmetric `A` given whole (row-major `n × n`; the lower triangle is
    /// read); nil unless `A` is positive definite.
    @inlinable
    package static func solve(symmetric a: [Double], dimension n: Int, rhs b: [Double]) -> [Double]? {
        guard let l = factor(dimension: n, entry: { j, k in a[j * n + k] }) else { return nil }
        return solve(factor: l, dimension: n, rhs: b)
    }
}
