/// Dense Cholesky factorisation and solve for the small symmetric systems of Newton's method.
enum Cholesky {
    /// Solves A x = b for symmetric positive definite A given as a packed lower triangle
    /// (entry (j, k), k ≤ j, at j(j+1)/2 + k). Returns nil when A is not positive definite.
    static func solve(packedLower a: [Double], dimension p: Int, rhs b: [Double]) -> [Double]? {
        // L stored full row-major; only the lower triangle is used.
        var l = [Double](repeating: 0, count: p * p)
        for j in 0..<p {
            for k in 0...j {
                var s = a[j * (j + 1) / 2 + k]
                for m in 0..<k { s -= l[j * p + m] * l[k * p + m] }
                if j == k {
                    guard s > 0, s.isFinite else { return nil }
                    l[j * p + j] = s.squareRoot()
                } else {
                    l[j * p + k] = s / l[k * p + k]
                }
            }
        }
        var z = b
        for j in 0..<p {
            var s = z[j]
            for m in 0..<j { s -= l[j * p + m] * z[m] }
            z[j] = s / l[j * p + j]
        }
        for j in stride(from: p - 1, through: 0, by: -1) {
            var s = z[j]
            for m in (j + 1)..<p { s -= l[m * p + j] * z[m] }
            z[j] = s / l[j * p + j]
        }
        return z
    }
}
