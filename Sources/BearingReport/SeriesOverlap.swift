/// Which series of a chart coincide on screen, so each can be drawn apart and the legend can
/// say "overlaps …" instead of one series silently hiding another.
package enum SeriesOverlap {
    /// For each line, the indices of the other lines it coincides with. Two lines coincide
    /// when they share at least one x and, at every shared x where both are finite, their
    /// screen positions differ by at most `tolerance` pixels. Points are in pixels.
    package static func lines(_ lines: [[(x: Double, y: Double)]], tolerance: Double) -> [[Int]] {
        let finite = lines.map { $0.filter { $0.x.isFinite && $0.y.isFinite } }
        var result = [[Int]](repeating: [], count: lines.count)
        for i in finite.indices {
            for j in finite.indices where j > i {
                var byX: [Double: Double] = [:]
                for p in finite[j] { byX[p.x] = p.y }
                var shared = 0
                var apart = false
                for p in finite[i] {
                    guard let y = byX[p.x] else { continue }
                    shared += 1
                    if abs(y - p.y) > tolerance {
                        apart = true
                        break
                    }
                }
                if shared > 0, !apart {
                    result[i].append(j)
                    result[j].append(i)
                }
            }
        }
        return result
    }

    /// For each point set, the indices of the other sets it coincides with: at least half of
    /// the smaller set's points lie within `tolerance` pixels of a point of the other set.
    package static func points(_ sets: [[(x: Double, y: Double)]], tolerance: Double) -> [[Int]] {
        let sets = sets.map { $0.filter { $0.x.isFinite && $0.y.isFinite } }
        var result = [[Int]](repeating: [], count: sets.count)
        for i in sets.indices {
            for j in sets.indices where j > i {
                let (small, large) = sets[i].count <= sets[j].count ? (sets[i], sets[j]) : (sets[j], sets[i])
                guard !small.isEmpty else { continue }
                // A grid of tolerance-sized cells finds the neighbours without an n² scan.
                let cell = max(tolerance, 1e-9)
                var grid: [Key: [(x: Double, y: Double)]] = [:]
                for p in large { grid[Key(p, cell), default: []].append(p) }
                var near = 0
                for p in small {
                    let k = Key(p, cell)
                    search: for dx in -1...1 {
                        for dy in -1...1 {
                            for q in grid[Key(i: k.i + dx, j: k.j + dy)] ?? []
                            where (q.x - p.x) * (q.x - p.x) + (q.y - p.y) * (q.y - p.y) <= tolerance * tolerance {
                                near += 1
                                break search
                            }
                        }
                    }
                }
                if 2 * near >= small.count {
                    result[i].append(j)
                    result[j].append(i)
                }
            }
        }
        return result
    }

    /// The legend name of a series with " (overlaps A, B)" when it coincides with others.
    package static func legendName(_ name: String, overlaps: [Int], names: [String]) -> String {
        let others = overlaps.compactMap { names.indices.contains($0) ? names[$0] : nil }
        return others.isEmpty ? name : "\(name) (overlaps \(others.joined(separator: ", ")))"
    }

    private struct Key: Hashable {
        var i: Int
        var j: Int

        init(i: Int, j: Int) {
            self.i = i
            self.j = j
        }

        init(_ p: (x: Double, y: Double), _ cell: Double) {
            i = Int((p.x / cell).rounded(.down))
            j = Int((p.y / cell).rounded(.down))
        }
    }
}
