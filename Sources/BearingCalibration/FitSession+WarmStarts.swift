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

    /// Newton's convergence rate on the fit `pathStart` starts from (the same C on the nearest
    /// earlier range), when it was measured.
    func pathRate(_ key: Key) -> Double? {
        earlierRange(key).flatMap { rates[$0.0] }
    }

    /// The order in which to fit `keys` (one model and range) along the C path: outward from
    /// the Cs already solved on the range, each next the C nearest to one solved (ties: the
    /// smaller C), so that every `pathStart` takes its shift from the adjacent C; with none
    /// solved, from the strongest penalty up. In a walk-forward the range of the newest
    /// validation fold is the previous forecast's training range, solved at its chosen C.
    func pathOrder(_ keys: [Key]) -> [Key] {
        guard let first = keys.first else { return [] }
        var solved = solutions.keys.filter { $0.model == first.model && $0.lower == first.lower && $0.upper == first.upper }
            .map { log($0.c) }
        var remaining = keys.sorted { $0.c < $1.c }
        var order: [Key] = []
        while !remaining.isEmpty {
            var pick = 0
            if !solved.isEmpty {
                let distance = remaining.map { key in solved.map { abs($0 - log(key.c)) }.min() ?? .infinity }
                for i in remaining.indices where distance[i] < distance[pick] { pick = i }
            }
            let key = remaining.remove(at: pick)
            order.append(key)
            solved.append(log(key.c))
        }
        return order
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
