import BearingPanel

extension CompStress {
    /// What `run` holds at once: on each of `threads` workers one trial's panel (`panelBytes`,
    /// e.g. the engine's `panelMemory`) and a quarter as much again for the books built from it
    /// (per-row ordering, per-customer ledger, per CSM and payment period totals), or one and a
    /// half times as much when a plan pays on vector-forecast attainment (the panel is also
    /// scored and forecast); and for every trial and plan the CSMs' variable pay and the plan's
    /// summary. The factors are measured: peak RSS of `comp --stress` on saas-agency-sized
    /// scenarios was 0.5–0.8 of this estimate.
    public static func memoryEstimate(
        plans: [CompensationPlan], trials: Int, threads: Int, panelBytes: Int, csmCount: Int
    ) -> MemoryEstimate {
        let usesForecast = plans.contains { $0.components.contains { $0.metric == .vectorForecastAttainment } }
        let workers = max(1, min(threads, max(1, trials)))
        var estimate = MemoryEstimate(run: "comp --stress")
        estimate.add("program", bytes: MemoryEstimate.programBytes)
        // Quarters: 5/4 of a panel per worker, 10/4 with the forecast.
        let perWorker = MemoryEstimate.product(panelBytes / 4, usesForecast ? 10 : 5)
        estimate.add("panels and books per worker", bytes: MemoryEstimate.product(workers, perWorker))
        let perTrial = MemoryEstimate.sum(MemoryEstimate.product(csmCount, 8), MemoryLayout<PlanStressTrial>.stride + 256)
        estimate.add("per-trial results", bytes: MemoryEstimate.product(max(0, trials), plans.count, perTrial))
        return estimate
    }
}
