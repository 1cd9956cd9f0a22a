import BearingPanel
import Foundation

/// Prices plans over many simulated histories (a stress test): each trial's panel is built by
/// the caller's `history` closure (the Monte Carlo engine in the command), books are built once
/// per payment period and shared by the plans, and per-trial figures are added to the
/// distributions in trial order, so results do not depend on the thread count.
public enum CompStress {
    /// Runs trials `0..<trials` on up to `threads` workers and returns one `PlanStress` per plan,
    /// in plan order. `vectorForecast` supplies the forecast of each trial's panel for plans
    /// that pay on vector-forecast attainment. `progress` receives completed trial counts from
    /// worker threads.
    public static func run(
        plans: [CompensationPlan], trials: Int, threads: Int, from: Period? = nil, to: Period? = nil,
        history: @escaping @Sendable (Int) -> HistoryPanel,
        vectorForecast: (@Sendable (HistoryPanel) -> VectorForecastTable)? = nil,
        progress: (@Sendable (_ completed: Int, _ total: Int) -> Void)? = nil
    ) throws(CompError) -> [PlanStress] {
        let needsForecast = plans.contains { $0.components.contains { $0.metric == .vectorForecastAttainment } }
        if needsForecast, vectorForecast == nil,
            let plan = plans.first(where: { $0.components.contains { $0.metric == .vectorForecastAttainment } })
        {
            throw .missingVectorForecast(plan: plan.name)
        }
        let features = PayoutEngine.features(of: plans)
        let results = TrialSlots(count: max(0, trials))
        let work: @Sendable (Int) -> Result<[PlanStressTrial], CompError> = { t in
            do throws(CompError) {
                return .success(try priceTrial(plans: plans, panel: history(t), from: from, to: to, features: features,
                    vectorForecast: vectorForecast))
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

    /// One trial: one ledger per payment period, every plan priced on it.
    static func priceTrial(
        plans: [CompensationPlan], panel: HistoryPanel, from: Period?, to: Period?, features: [String],
        vectorForecast: (@Sendable (HistoryPanel) -> VectorForecastTable)?
    ) throws(CompError) -> [PlanStressTrial] {
        var ledgers: [PaymentPeriod: BookLedger] = [:]
        let forecast = vectorForecast.map { $0(panel) }
        var out: [PlanStressTrial] = []
        out.reserveCapacity(plans.count)
        for plan in plans {
            let ledger: BookLedger
            if let built = ledgers[plan.paymentPeriod] {
                ledger = built
            } else {
                ledger = try BookLedger(
                    panel: panel, paymentPeriod: plan.paymentPeriod, from: from, to: to, features: features)
                ledgers[plan.paymentPeriod] = ledger
            }
            out.append(PlanStressTrial(try PayoutEngine.pay(plan, ledger: ledger, vectorForecast: forecast)))
        }
        return out
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
