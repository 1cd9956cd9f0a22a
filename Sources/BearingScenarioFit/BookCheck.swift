import BearingPanel
import BearingSimulation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Does a scenario describe the same book as a history? Run before stress-testing plans that
/// were replayed on the history against a scenario (`comp --stress --history`): a synthetic
/// book unrelated to the user's makes the stress distributions say little about them.
///
/// Four checks, each with its tolerance:
///
/// | check | scenario | history | tolerance |
/// |---|---|---|---|
/// | `segments` | segment names | segment names in the last period | the same names |
/// | `csms` | CSMs over all segments | distinct CSMs in the last period | within 1.5x |
/// | `arr_per_customer` | median of the customer-weighted mix of the segments' lognormals | median ARR of the last period's rows | within 1.5x |
/// | `churn_rate` | churned ÷ customer-periods in one simulated trial (seed 1) | churned rows ÷ rows | within 1.5x, or both under 0.5% |
///
/// Churn rates are per period of the scenario's granularity (a monthly history's rate is turned
/// into a quarterly one as 1 − (1 − p)³ and the reverse). Each failed check gives a warning, and
/// `suggestion` says how to fit a scenario to the history instead.
public struct BookCheck: Sendable, Hashable, Codable {
    public struct Item: Sendable, Hashable, Codable {
        /// `segments`, `csms`, `arr_per_customer`, `churn_rate`.
        public var check: String
        public var scenario: String
        public var history: String
        public var tolerance: String
        public var ok: Bool
        public var warning: String?
    }

    public static let ratioTolerance = 1.5
    public static let negligibleChurn = 0.005

    public var items: [Item]
    public var suggestion: String?

    /// The warnings of the failed checks, in check order.
    public var warnings: [String] { items.compactMap(\.warning) }

    public var ok: Bool { items.allSatisfy(\.ok) }

    /// Compares `scenario` with `panel`; `historyFile` goes into the suggested command.
    public static func compare(
        scenario: Scenario, panel: HistoryPanel, historyFile: String = "HISTORY", threads: Int = MonteCarloEngine.defaultThreads
    ) throws(ScenarioFitError) -> BookCheck {
        guard panel.rowCount > 0 else { throw .emptyPanel }
        let index = PanelIndex(panel)
        guard let last = index.periods.last else { throw .emptyPanel }
        let lastRows = index.rows(in: last).map(Int.init)
        var items: [Item] = []

        // Segments.
        let scenarioNames = scenario.segments.map(\.name)
        var historyNames: [String] = []
        for r in lastRows {
            let name = panel.segmentNames[Int(panel.segment[r])]
            if !historyNames.contains(name) { historyNames.append(name) }
        }
        historyNames.sort()
        let missingInHistory = scenarioNames.filter { !historyNames.contains($0) }
        let missingInScenario = historyNames.filter { !scenarioNames.contains($0) }
        var segmentWarning: String?
        if !missingInHistory.isEmpty || !missingInScenario.isEmpty {
            var parts: [String] = []
            if !missingInHistory.isEmpty { parts.append("\(missingInHistory.joined(separator: ", ")) missing from the history") }
            if !missingInScenario.isEmpty { parts.append("\(missingInScenario.joined(separator: ", ")) missing from the scenario") }
            segmentWarning =
                "scenario has \(scenarioNames.count) segment\(scenarioNames.count == 1 ? "" : "s"), history has "
                + "\(historyNames.count) in \(last.label): " + parts.joined(separator: "; ")
        }
        items.append(
            Item(
                check: "segments", scenario: scenarioNames.joined(separator: ", "), history: historyNames.joined(separator: ", "),
                tolerance: "the same names", ok: segmentWarning == nil, warning: segmentWarning))

        // CSMs.
        let historyCSMs = Set(lastRows.compactMap { panel.csm[$0] >= 0 ? panel.csm[$0] : nil }).count
        let scenarioCSMs = scenario.csmCount
        if panel.hasCSMColumn && historyCSMs > 0 {
            let ratio = Double(max(scenarioCSMs, historyCSMs)) / Double(min(scenarioCSMs, historyCSMs))
            let ok = ratio <= ratioTolerance
            items.append(
                Item(
                    check: "csms", scenario: "\(scenarioCSMs)", history: "\(historyCSMs)", tolerance: "within \(FitText.decimal(ratioTolerance, 1))x",
                    ok: ok,
                    warning: ok
                        ? nil : "scenario has \(scenarioCSMs) CSMs, history has \(historyCSMs) in \(last.label) (\(FitText.decimal(ratio, 1))x)"))
        }

        // Median ARR per customer.
        let historyARR = lastRows.map { panel.arr[$0] }.sorted()
        if !historyARR.isEmpty {
            let historyMedian = historyARR[historyARR.count / 2]
            let scenarioMedian = mixtureMedian(scenario.segments)
            if historyMedian > 0, scenarioMedian > 0 {
                let ratio = max(historyMedian, scenarioMedian) / min(historyMedian, scenarioMedian)
                let ok = ratio <= ratioTolerance
                items.append(
                    Item(
                        check: "arr_per_customer", scenario: FitText.count(Int(scenarioMedian.rounded())),
                        history: FitText.count(Int(historyMedian.rounded())), tolerance: "median within \(FitText.decimal(ratioTolerance, 1))x",
                        ok: ok,
                        warning: ok
                            ? nil
                            : "median ARR per customer differs \(FitText.decimal(ratio, 1))x: scenario \(FitText.count(Int(scenarioMedian.rounded()))), "
                                + "history \(FitText.count(Int(historyMedian.rounded()))) in \(last.label)"))
            }
        }

        // Churn rate per period, in the scenario's granularity.
        var churned = 0
        for r in 0..<panel.rowCount where panel.churned[r] { churned += 1 }
        var historyRate = Double(churned) / Double(panel.rowCount)
        let scenarioGranularity = scenario.periods.granularity
        if panel.granularity != scenarioGranularity {
            historyRate =
                panel.granularity == .month
                ? 1 - pow(1 - historyRate, 3)
                : 1 - pow(1 - historyRate, 1.0 / 3)
        }
        let engine: MonteCarloEngine
        do throws(ScenarioError) {
            engine = try MonteCarloEngine(scenario: scenario, seed: 1)
        } catch {
            throw .invalidScenario(error.description)
        }
        let counts = engine.run(trials: 1, threads: max(1, threads)).first?.counts
        let simulatedRate = counts.map { Double($0.churned.reduce(0, +)) / Double(max(1, $0.customerPeriods)) } ?? 0
        let unit = scenarioGranularity == .quarter ? "quarter" : "month"
        let bothSmall = historyRate < negligibleChurn && simulatedRate < negligibleChurn
        let ratio = max(historyRate, simulatedRate) / max(1e-12, min(historyRate, simulatedRate))
        let churnOK = bothSmall || ratio <= ratioTolerance
        items.append(
            Item(
                check: "churn_rate", scenario: FitText.percent(simulatedRate, decimals: 2) + " a \(unit)",
                history: FitText.percent(historyRate, decimals: 2) + " a \(unit)",
                tolerance: "within \(FitText.decimal(ratioTolerance, 1))x, or both under \(FitText.percent(negligibleChurn))", ok: churnOK,
                warning: churnOK
                    ? nil
                    : "churn rate differs \(ratio.isFinite && ratio < 1e6 ? FitText.decimal(ratio, 1) + "x" : "completely"): scenario "
                        + "\(FitText.percent(simulatedRate, decimals: 2)), history \(FitText.percent(historyRate, decimals: 2)) a \(unit)"))

        let suggestion =
            items.allSatisfy(\.ok)
            ? nil
            : "the scenario does not describe this book; fit one to the history: bearing fit-scenario \(historyFile) --out scenario.yaml"
        return BookCheck(items: items, suggestion: suggestion)
    }

    /// Median of the customer-weighted mixture of the segments' lognormal ARR distributions
    /// (bisection on the mixture's CDF in log space).
    package static func mixtureMedian(_ segments: [SegmentSpec]) -> Double {
        let total = Double(segments.reduce(0) { $0 + $1.customers })
        guard total > 0 else { return 0 }
        func cdf(_ logX: Double) -> Double {
            var p = 0.0
            for s in segments {
                let w = Double(s.customers) / total
                let mu = log(s.arr.median)
                if s.arr.sigma == 0 {
                    p += w * (logX >= mu ? 1 : 0)
                } else {
                    p += w * 0.5 * erfc(-(logX - mu) / (s.arr.sigma * 2.0.squareRoot()))
                }
            }
            return p
        }
        var lo = segments.map { log($0.arr.median) - 10 * $0.arr.sigma - 1 }.min() ?? 0
        var hi = segments.map { log($0.arr.median) + 10 * $0.arr.sigma + 1 }.max() ?? 0
        for _ in 0..<200 {
            let mid = (lo + hi) / 2
            if cdf(mid) < 0.5 { lo = mid } else { hi = mid }
        }
        return exp((lo + hi) / 2)
    }
}
