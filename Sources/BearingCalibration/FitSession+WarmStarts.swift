import Foundation

/// Where each fit of a session begins (see "Warm starts" in `FitSession`).
extension FitSession {
    /// Where a fit for `key` begins: the same model and C on the nearest earlier range, else the
    /// same range at the nearest C (ties: the smaller C), else nil (the base rate).
    func warmStart(_ key: Key) -> [Double]? {
        earlierRange(key)?.1 ?? nearestC(key)?.1
    }

    /// A C-path start (walk-forward mode): the same C's solution on the nearest earlier range
    /// plus the shift between that range and this one of the nearest C already fitted on this
    /// range, a first-order step along both the periods and the C path; else `warmStart`.
    func pathStart(_ key: Key) -> [Double]? {
        guard let (earlier, a) = earlierRange(key), let (neighbour, b) = nearestC(key),
            let b0 = solutions[Key(model: key.model, lower: earlier.lower, upper: earlier.upper, c: neighbour.c)],
            a.count == b.count, b.count == b0.count
        else { return warmStart(key) }
        return a.indices.map { a[$0] + (b[$0] - b0[$0]) }
    }

    /// The solution of the same model and C on the nearest earlier training range.
    func earlierRange(_ key: Key) -> (Key, [Double])? {
        var best: (Key, [Double])?
        for (k, s) in solutions where k.model == key.model && k.c == key.c && k != key && k.upper <= key.upper {
            if let b = best?.0, (b.upper, b.lower) >= (k.upper, k.lower) { continue }
            best = (k, s)
        }
        return best
    }

    /// The solution of the same model and range at the nearest C (ties: the smaller C).
    func nearestC(_ key: Key) -> (Key, [Double])? {
        var near: (Key, [Double])?
        for (k, s) in solutions where k.model == key.model && k.lower == key.lower && k.upper == key.upper && k.c != key.c {
            let d = abs(log(k.c) - log(key.c))
            if let n = near?.0 {
                let dn = abs(log(n.c) - log(key.c))
                if dn < d || (dn == d && n.c < k.c) { continue }
            }
            near = (k, s)
        }
        return near
    }
}
