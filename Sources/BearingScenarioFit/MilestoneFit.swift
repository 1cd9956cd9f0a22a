import BearingForecast
import BearingPanel

/// The milestone chain of a fitted scenario: which milestones, in which order, their upsell
/// values and take rates by vector category. Reach probabilities are fitted by the caller
/// (`HazardDesign`) on `reachRows`.
///
/// - With a catalogue: its milestones in its order and its upsell values; a take rate it fixes
///   is used as is.
/// - Without: the panel's milestones, ordered by the transitions customers make between them
///   (a milestone reached is followed by the next one), ties and cycles by first appearance;
///   the upsell value is the mean realised expansion of the rows that reached it and expanded.
/// - Take rates: among rows that reached the milestone, the share with expansion > 0, per
///   scored vector category, shrunk toward the milestone's rate with κ = 10 pseudo-rows, which
///   is shrunk toward all milestones' rate (Beta–Binomial, as `ForecastRates`).
struct MilestoneFit: Sendable {
    static let strength = 10.0

    struct Entry: Sendable {
        var name: String
        var upsellARR: Double
        var upsellGiven: Bool
        /// Takes / reaches per `VectorCategory.rawValue`, shrunk, and the raw counts.
        var take: [Double]
        var takeGiven: [Bool]
        var reached: Int
        var taken: Int
        /// Rows on this milestone that could reach it (not churned, flag present).
        var reachRows: [Int]
        var reachLabels: [Double]
    }

    var entries: [Entry]
    /// Fitted milestone index per panel milestone index (-1: not in the chain).
    var chainIndex: [Int]
    /// Per panel segment: realised expansion ÷ upsell value over takers (nil: no takers).
    var segmentRatio: [Double?]
    var rowsOffCatalogue: Int
    /// Expansion ARR in rows that did not reach a milestone of the chain (not modelled as such).
    var expansionOffMilestones: Double
    var expansionTotal: Double
    var ordered: String

    init(panel: HistoryPanel, rowsByCustomer: [[Int32]], categories: [UInt8], catalogue: MilestoneCatalogue?) {
        let names = panel.milestoneNames
        let order: [Int]
        let given: [Milestone?]
        if let catalogue {
            order = []
            given = catalogue.milestones.map { $0 }
            ordered = "catalogue order"
        } else {
            order = Self.transitionOrder(panel: panel, rowsByCustomer: rowsByCustomer)
            given = order.map { _ in nil }
            ordered = "order of the transitions between milestones in the history"
        }
        var chain = [Int](repeating: -1, count: names.count)
        let chainNames: [String]
        if let catalogue {
            chainNames = catalogue.milestones.map(\.name)
            for (i, name) in names.enumerated() { chain[i] = catalogue.index(of: name) ?? -1 }
        } else {
            chainNames = order.map { names[$0] }
            for (position, m) in order.enumerated() { chain[m] = position }
        }
        chainIndex = chain
        let count = chainNames.count
        var reachRows = [[Int]](repeating: [], count: count)
        var reachLabels = [[Double]](repeating: [], count: count)
        var reached = [[Int]](repeating: [0, 0, 0, 0], count: count)
        var taken = [[Int]](repeating: [0, 0, 0, 0], count: count)
        var valueSum = [Double](repeating: 0, count: count)
        var takerSegments: [(milestone: Int, segment: Int, value: Double)] = []
        var offCatalogue = 0
        var offMilestones = 0.0
        var total = 0.0
        for r in 0..<panel.rowCount {
            let expansion = panel.churned[r] ? 0 : panel.expansionARR[r]
            total += expansion
            let m = Int(panel.milestone[r])
            guard m >= 0, !panel.churned[r] else {
                offMilestones += expansion
                continue
            }
            let c = chain[m]
            guard c >= 0 else {
                offCatalogue += 1
                offMilestones += expansion
                continue
            }
            let flag = panel.milestoneReached[r]
            guard flag >= 0 else {
                offMilestones += expansion
                continue
            }
            reachRows[c].append(r)
            reachLabels[c].append(flag == 1 ? 1 : 0)
            guard flag == 1 else {
                offMilestones += expansion
                continue
            }
            let category = Int(categories[r])
            reached[c][category] += 1
            if expansion > 0 {
                taken[c][category] += 1
                valueSum[c] += expansion
                takerSegments.append((c, Int(panel.segment[r]), expansion))
            }
        }
        rowsOffCatalogue = offCatalogue
        expansionOffMilestones = offMilestones
        expansionTotal = total
        let allReached = reached.reduce(0) { $0 + $1.reduce(0, +) }
        let allTaken = taken.reduce(0) { $0 + $1.reduce(0, +) }
        let rootRate = (Double(allTaken) + 1) / (Double(allReached) + 2)
        entries = (0..<count).map { c in
            let n = reached[c].reduce(0, +)
            let k = taken[c].reduce(0, +)
            let milestoneRate = (Double(k) + Self.strength * rootRate) / (Double(n) + Self.strength)
            var take = [Double](repeating: milestoneRate, count: 4)
            var takeGiven = [false, false, false, false]
            for category in 0..<4 {
                take[category] =
                    (Double(taken[c][category]) + Self.strength * milestoneRate) / (Double(reached[c][category]) + Self.strength)
                if let fixed = given[c]?.takeRates[VectorCategory(rawValue: UInt8(category))?.label ?? ""] {
                    take[category] = fixed
                    takeGiven[category] = true
                }
            }
            let upsell = given[c]?.upsellARR ?? (k > 0 ? valueSum[c] / Double(k) : 0)
            return Entry(
                name: chainNames[c], upsellARR: upsell, upsellGiven: given[c] != nil, take: take, takeGiven: takeGiven,
                reached: n, taken: k, reachRows: reachRows[c], reachLabels: reachLabels[c])
        }
        var ratioSum = [Double](repeating: 0, count: panel.segmentNames.count)
        var listSum = [Double](repeating: 0, count: panel.segmentNames.count)
        for t in takerSegments where entries[t.milestone].upsellARR > 0 {
            ratioSum[t.segment] += t.value
            listSum[t.segment] += entries[t.milestone].upsellARR
        }
        segmentRatio = zip(ratioSum, listSum).map { $1 > 0 ? $0 / $1 : nil }
    }

    /// Panel milestone indices in chain order: a topological order of the "reached A, then on B"
    /// transitions (the most frequent successor wins when customers disagree), ties and cycles
    /// broken by order of first appearance.
    static func transitionOrder(panel: HistoryPanel, rowsByCustomer: [[Int32]]) -> [Int] {
        let m = panel.milestoneNames.count
        guard m > 0 else { return [] }
        var firstSeen = [Int](repeating: Int.max, count: m)
        for r in 0..<panel.rowCount where panel.milestone[r] >= 0 {
            firstSeen[Int(panel.milestone[r])] = min(firstSeen[Int(panel.milestone[r])], r)
        }
        var transitions = [[Int]](repeating: [Int](repeating: 0, count: m), count: m)
        for rows in rowsByCustomer {
            for (a, b) in zip(rows, rows.dropFirst()) {
                let x = Int(panel.milestone[Int(a)])
                let y = Int(panel.milestone[Int(b)])
                if x >= 0, y >= 0, x != y { transitions[x][y] += 1 }
            }
        }
        // Keep the direction customers take more often between each pair.
        var indegree = [Int](repeating: 0, count: m)
        var edges = [[Int]](repeating: [], count: m)
        for x in 0..<m {
            for y in 0..<m where transitions[x][y] > transitions[y][x] {
                edges[x].append(y)
                indegree[y] += 1
            }
        }
        let used = (0..<m).filter { firstSeen[$0] != Int.max }
        var order: [Int] = []
        var done = Set<Int>()
        while order.count < used.count {
            let ready = used.filter { !done.contains($0) && indegree[$0] == 0 }
            // A cycle: take the earliest-seen remaining milestone.
            let next = (ready.isEmpty ? used.filter { !done.contains($0) } : ready).min { firstSeen[$0] < firstSeen[$1] }
            guard let next else { break }
            order.append(next)
            done.insert(next)
            for y in edges[next] { indegree[y] -= 1 }
        }
        return order
    }
}
