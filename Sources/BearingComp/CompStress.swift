import BearingPanel
import Foundation

/// Prices plans over many simulated histories (a stress test): each trial's panel is built by
/// the caller's `history` closure (the Monte Carlo engine in the command), books are built once
/// per payment period and shared by the plans, and per-trial figures are added to the
/// distributions in trial order, so results do not depend on the thread count.
public enum CompStress {
    /// Runs trials `0..<trials` on up to `threads` workers and returns one `PlanStress` per plan,
    /// in plan order. `vectorForecast` supplies the forecast of each trial's panel for plans
    /// that pay on vector-forecast attainment (its errors stop the run as `CompError.vectorForecastFailed`). `progress` receives completed trial counts from
    /// worker threads. `skills`, when given, returns each trial's latent skill per CSM id (the
    /// engine's `csmSkills(trial:)` keyed by `csmIDs`); each plan then also records the Spearman
    /// correlation of variable pay with skill over CSMs who had a book.
    public static func run(
        plans: [CompensationPlan], trials: Int, threads: Int, from: Period? = nil, to: Period? = nil,
        history: @escaping @Sendable (Int) -> HistoryPanel,
        vectorForecast: (@Sendable (HistoryPanel) throws -> VectorForecastTable)? = nil,
        skills: (@Sendable (Int) -> [String: Double])? = nil,
        progress: (@Sendable (_ completed: Int, _ total: Int) -> Void)? = nil
    ) throws(CompError) -> [PlanStress] {
        let needsForecast = plans.contains { $0.components.contains { $0.metric == .vectorForecastAttainment } }
        if needsForecast, vectorForecast == nil,
            let plan = plans.first(where: { $0.components.contains { $0.metric == .vectorForecastAttainment } })
        {
            throw .missingVectorForecast(plan: plan.name)
        }
        let results = TrialSlots(count: max(0, trials))
        let work: @Sendable (Int) -> Result<[PlanStressTrial], CompError> = { t in
            do throws(CompError) {
                return .success(
                    try priceTrial(
                        plans: plans, panel: history(t), from: from, to: to, vectorForecast: vectorForecast,
                        skills: skills?(t)))
            } catch {
                return .failure(error)
            }
        }
        let workers = max(1, min(threads, trials))
        if workers == 1 {
            for t in 0..<max(0, trials) {
                results.set(t, work(t))
                progress?(t + 1, trials)
            }
        } else {
            DispatchQueue.concurrentPerform(iterations: workers) { _ in
                while let t = results.nextItem() {
                    results.set(t, work(t))
                    if let progress { progress(results.finish(), trials) }
                }
            }
        }
        var stress = plans.map { PlanStress(planName: $0.name) }
        for outcome in results.take() {
            switch outcome {
            case .success(let perPlan):
                for (i, trial) in perPlan.enumerated() { stress[i].add(trial) }
            case .failure(let error):
                throw error
            }
        }
        return stress
    }

    /// One trial: one ledger per payment period, every plan priced on it and compared at the
    /// first plan's cost of the trial.
    static func priceTrial(
        plans: [CompensationPlan], panel: HistoryPanel, from: Period?, to: Period?,
        vectorForecast: (@Sendable (HistoryPanel) throws -> VectorForecastTable)?, skills: [String: Double]? = nil
    ) throws(CompError) -> [PlanStressTrial] {
        var forecast: VectorForecastTable?
        if let vectorForecast {
            do {
                forecast = try vectorForecast(panel)
            } catch {
                throw .vectorForecastFailed("\(error)")
            }
        }
        let runs = try PayoutEngine.payAll(plans, panel: panel, from: from, to: to, vectorForecast: forecast)
        let summaries = runs.map { PlanComparison.summary($0) }
        let equalCost = try EqualCostComparison(runs, summaries: summaries)
        return runs.indices.map { i in
            PlanStressTrial(runs[i], summary: summaries[i], skills: skills, equalCost: equalCost.plans[i])
        }
    }
}

/// Per-trial results written from worker threads: slot t is written once, by the worker that
/// took trial t, and read after every worker has returned. The lock guards the slots and the
/// work counter.
private final class TrialSlots: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [Result<[PlanStressTrial], CompError>?]
    private var next = 0
    private var finished = 0

    init(count: Int) {
        slots = Array(repeating: nil, count: count)
    }

    func nextItem() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard next < slots.count else { return nil }
        next += 1
        return next - 1
    }

    func set(_ i: Int, _ value: Result<[PlanStressTrial], CompError>) {
        lock.lock()
        defer { lock.unlock() }
        slots[i] = value
    }

    func finish() -> Int {
        lock.lock()
        defer { lock.unlock() }
        finished += 1
        return finished
    }

    func take() -> [Result<[PlanStressTrial], CompError>] {
        lock.lock()
        defer { lock.unlock() }
        return slots.compactMap { $0 }
    }
}
