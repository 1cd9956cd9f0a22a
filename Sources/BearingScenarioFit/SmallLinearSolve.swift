/// Solves a small dense linear system by Gaussian elimination with partial pivoting (the
/// Newton steps of `WeightedLogistic`, a few unknowns).
enum SmallLinearSolve {
    /// x with A·x = b for the row-major `size` x `size` matrix `a`; nil when A is singular.
    static func solve(_ a: [Double], _ b: [Double], size n: Int) -> [Double]? {
        var m = a
        var x = b
        for col in 0..<n {
            var pivot = col
            for r in (col + 1)..<max(col + 1, n) where abs(m[r * n + col]) > abs(m[pivot * n + col]) { pivot = r }
            let value = m[pivot * n + col]
            guard value.isFinite, abs(value) > 1e-300 else { return nil }
            if pivot != col {
                for k in 0..<n { m.swapAt(col * n + k, pivot * n + k) }
                x.swapAt(col, pivot)
            }
            for r in (col + 1)..<max(col + 1, n) {
                let f = m[r * n + col] / m[col * n + col]
                if f == 0 { continue }
                for k in col..<n { m[r * n + k] -= f * m[col * n + k] }
                x[r] -= f * x[col]
            }
        }
        for col in stride(from: n - 1, through: 0, by: -1) {
            var s = x[col]
            for k in (col + 1)..<n { s -= m[col * n + k] * x[k] }
            x[col] = s / m[col * n + col]
        }
        return x.allSatisfy(\.isFinite) ? x : nil
    }
}
