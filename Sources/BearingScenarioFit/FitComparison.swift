import BearingMetrics
import BearingPanel
import BearingSimulation
import BearingVector
import Foundation
import Synchronization

/// Fitted against history: per segment (and all segments) NRR, GRR, logo retention and churn
/// rate by vector category in the history, and their P5 / P50 / P95 over simulated trials of
/// the fitted scenario's backcast (same periods, same starting book).
///
/// Definitions are the same on both sides: the window is the history's first to last period,
/// its members the customers present in the first period (`WindowMetrics`), and churn rate by
/// category is churned rows ÷ rows of the members, each row categorised by scoring it with the
/// same weights (the given ones, or the default weights standardised on the history).
///
/// `categoryOrder` checks that the simulations keep the history's order of churn by category:
/// for every pair of categories whose history rates differ by more than two standard errors,
/// the median simulated difference has the same sign (pairs the history cannot tell apart are
/// not checked).
public struct FitComparison: Sendable, Hashable, Codable {
    public struct Metric: Sendable, Hashable, Codable {
        /// `nrr`, `grr`, `logo_retention`, `churn_rate`, `churn_rate.ghost`, ...
        public var name: String
        public var history: Double?
        public var p5: Double?
        public var p50: Double?
        public var p95: Double?
        /// Whether P5 <= history <= P95 (nil when either side is undefined).
        public var covered: Bool?
    }

    public struct Group: Sendable, Hashable, Codable {
        /// Segment name, or `all`.
        public var segment: String
        public var metrics: [Metric]

        public func metric(_ name: String) -> Metric? { metrics.first { $0.name == name } }
    }

    public struct Pair: Sendable, Hashable, Codable {
        /// The category with the higher churn rate in the history.
        public var higher: String
        public var lower: String
        public var historyDifference: Double
        public var standardError: Double
        /// Median over trials of the simulated difference (higher − lower).
        public var simulatedDifference: Double?
        public var agrees: Bool

        enum CodingKeys: String, CodingKey {
            case higher, lower
            case historyDifference = "history_difference"
            case standardError = "standard_error"
            case simulatedDifference = "simulated_difference"
            case agrees
        }
    }

    public struct OrderCheck: Sendable, Hashable, Codable {
        /// Categories by churn rate, highest first (categories without rows left out).
        public var historyOrder: [String]
        public var simulatedOrder: [String]
        /// The pairs the history tells apart (difference > 2 standard errors).
        public var pairs: [Pair]
        public var holds: Bool

        enum CodingKeys: String, CodingKey {
            case historyOrder = "history_order"
            case simulatedOrder = "simulated_order"
            case pairs, holds
        }
    }

    public var trials: Int
    public var seed: UInt64
    public var firstPeriod: Period
    public var lastPeriod: Period
    public var weights: String
    public var groups: [Group]
    /// Churn by category over all segments.
    public var categoryOrder: OrderCheck

    enum CodingKeys: String, CodingKey {
        case trials, seed
        case firstPeriod = "first_period"
        case lastPeriod = "last_period"
        case weights, groups
        case categoryOrder = "category_order"
    }

    /// The retention metrics checked for coverage.
    public static let retentionMetrics = ["nrr", "grr", "logo_retention"]

    /// Whether every segment's (and the roll-up's) NRR, GRR and logo retention is covered.
    public var retentionCovered: Bool {
        groups.allSatisfy { g in Self.retentionMetrics.allSatisfy { g.metric($0)?.covered ?? true } }
    }

    /// Simulates `trials` trials (0..<trials) of `fitted.backcast` with `seed` and compares.
    public static func run(
        panel: HistoryPanel, fitted: FittedScenario, weights: Weights? = nil, trials: Int = 50, seed: UInt64 = 1,
        threads: Int = MonteCarloEngine.defaultThreads
    ) throws(ScenarioFitError) -> FitComparison {
        guard panel.rowCount > 0 else { throw .emptyPanel }
        let used = weights ?? DefaultWeights.make(for: panel, bearingVersion: "fit-comparison")
        let scenario = fitted.backcast
        let engine: MonteCarloEngine
        do throws(ScenarioError) {
            engine = try MonteCarloEngine(scenario: scenario, seed: seed)
        } catch {
            throw .invalidScenario(error.description)
        }
        let history = try Sample(panel: panel, weights: used, stretchCountsAsGood: scenario.stretchCountsAsGood)
        let segmentNames = scenario.segments.map(\.name)
        let count = max(1, trials)
        let slots = Mutex<[Result<Sample, ScenarioFitError>?]>(Array(repeating: nil, count: count))
        let next = Atomic<Int>(0)
        let workers = max(1, min(threads, count))
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while true {
                let t = next.wrappingAdd(1, ordering: .relaxed).oldValue
                guard t < count else { break }
                let simulated = engine.historyPanel(trial: t).panel
                let result: Result<Sample, ScenarioFitError>
                do throws(ScenarioFitError) {
                    result = .success(try Sample(panel: simulated, weights: used, stretchCountsAsGood: scenario.stretchCountsAsGood))
                } catch {
                    result = .failure(error)
                }
                slots.withLock { $0[t] = result }
            }
        }
        var samples: [Sample] = []
        for slot in slots.withLock({ $0 }) {
            switch slot {
            case .success(let s): samples.append(s)
            case .failure(let e): throw e
            case nil: break
            }
        }

        var groups: [Group] = []
        for segment in [CohortTable.allLabel] + segmentNames {
            var metrics: [Metric] = []
            for name in Self.retentionMetrics + ["churn_rate"] + VectorCategory.allCases.map({ "churn_rate.\($0.label)" }) {
                let h = history.value(name, segment: segment)
                let sims = samples.compactMap { $0.value(name, segment: segment) }
                let q = sims.isEmpty ? [Double.nan, .nan, .nan] : Quantiles.quantiles(sims, [0.05, 0.5, 0.95])
                func opt(_ x: Double) -> Double? { x.isFinite ? x : nil }
                let covered: Bool? = h.flatMap { v in opt(q[0]).flatMap { lo in opt(q[2]).map { hi in v >= lo - 1e-12 && v <= hi + 1e-12 } } }
                metrics.append(Metric(name: name, history: h, p5: opt(q[0]), p50: opt(q[1]), p95: opt(q[2]), covered: covered))
            }
            groups.append(Group(segment: segment, metrics: metrics))
        }
        return FitComparison(
            trials: count, seed: seed, firstPeriod: fitted.historyRange.first, lastPeriod: fitted.historyRange.last,
            weights: weights == nil ? "default weights standardised on the history" : "given weights", groups: groups,
            categoryOrder: Self.order(history: history, samples: samples))
    }

    static func order(history: Sample, samples: [Sample]) -> OrderCheck {
        let all = CohortTable.allLabel
        let present = VectorCategory.allCases.filter { (history.categoryRows[all]?[Int($0.rawValue)] ?? 0) > 0 }
        func rate(_ s: Sample, _ c: VectorCategory) -> Double? { s.value("churn_rate.\(c.label)", segment: all) }
        let historyOrder = present.sorted { (rate(history, $0) ?? 0) > (rate(history, $1) ?? 0) }
        func median(_ c: VectorCategory) -> Double {
            let values = samples.compactMap { rate($0, c) }
            return values.isEmpty ? .nan : Quantiles.quantile(values, 0.5)
        }
        let simulatedOrder = present.filter { !median($0).isNaN }.sorted { median($0) > median($1) }
        var pairs: [Pair] = []
        for (i, a) in historyOrder.enumerated() {
            for b in historyOrder.dropFirst(i + 1) {
                guard let ra = rate(history, a), let rb = rate(history, b) else { continue }
                let na = Double(history.categoryRows[all]?[Int(a.rawValue)] ?? 0)
                let nb = Double(history.categoryRows[all]?[Int(b.rawValue)] ?? 0)
                let se = (ra * (1 - ra) / na + rb * (1 - rb) / nb).squareRoot()
                guard ra - rb > 2 * se else { continue }
                let differences = samples.compactMap { s -> Double? in
                    guard let x = rate(s, a), let y = rate(s, b) else { return nil }
                    return x - y
                }
                let simulated = differences.isEmpty ? nil : Quantiles.quantile(differences, 0.5)
                pairs.append(
                    Pair(
                        higher: a.label, lower: b.label, historyDifference: ra - rb, standardError: se,
                        simulatedDifference: simulated, agrees: (simulated ?? -1) > 0))
            }
        }
        return OrderCheck(
            historyOrder: historyOrder.map(\.label), simulatedOrder: simulatedOrder.map(\.label), pairs: pairs,
            holds: pairs.allSatisfy(\.agrees))
    }

    /// The compared values of one panel (the history or one simulated trial).
    struct Sample: Sendable {
        /// By segment name and `all`.
        var tallies: [String: RetentionTally] = [:]
        var rows: [String: Int] = [:]
        var churned: [String: Int] = [:]
        /// Rows and churned rows per `VectorCategory.rawValue`.
        var categoryRows: [String: [Int]] = [:]
        var categoryChurned: [String: [Int]] = [:]

        init(panel: HistoryPanel, weights: Weights, stretchCountsAsGood: Bool) throws(ScenarioFitError) {
            let index = PanelIndex(panel)
            guard let first = index.periods.first, let last = index.periods.last else { return }
            let scores: PanelScores
            do {
                scores = try PanelScores(panel: panel, weights: weights, stretchCountsAsGood: stretchCountsAsGood)
            } catch {
                throw .scoring("\(error)")
            }
            let all = CohortTable.allLabel
            for rowsOfCustomer in index.rowsByCustomer {
                guard
                    let (start, tally) = WindowMetrics.customerWindow(
                        panel: panel, rowsOfCustomer: rowsOfCustomer, first: first, last: last)
                else { continue }
                let segment = panel.segmentNames[Int(panel.segment[start])]
                for key in [all, segment] {
                    tallies[key, default: RetentionTally()].merge(tally)
                    for r32 in rowsOfCustomer {
                        let r = Int(r32)
                        let c = Int(scores.scores.category[r])
                        let churn = panel.churned[r] ? 1 : 0
                        rows[key, default: 0] += 1
                        churned[key, default: 0] += churn
                        categoryRows[key, default: [0, 0, 0, 0]][c] += 1
                        categoryChurned[key, default: [0, 0, 0, 0]][c] += churn
                    }
                }
            }
        }

        func value(_ name: String, segment: String) -> Double? {
            func defined(_ x: Double) -> Double? { x.isFinite ? x : nil }
            switch name {
            case "nrr": return tallies[segment].flatMap { defined($0.nrr) }
            case "grr": return tallies[segment].flatMap { defined($0.grr) }
            case "logo_retention": return tallies[segment].flatMap { defined($0.logoRetention) }
            case "churn_rate":
                guard let n = rows[segment], n > 0 else { return nil }
                return Double(churned[segment] ?? 0) / Double(n)
            default:
                guard name.hasPrefix("churn_rate."), let c = VectorCategory(label: name.dropFirst("churn_rate.".count)),
                    let n = categoryRows[segment]?[Int(c.rawValue)], n > 0
                else { return nil }
                return Double(categoryChurned[segment]?[Int(c.rawValue)] ?? 0) / Double(n)
            }
        }
    }
}
