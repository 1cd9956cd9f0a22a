import BearingComp
import BearingPanel
import BearingSimulation

extension Workbench {
    /// Refuses, before any stage runs, a workbench whose largest stage cannot fit in physical
    /// memory. Stages run one after another, so each is checked on its own: the simulation
    /// (`MonteCarloEngine.memoryEstimate`), the stages that hold trial 0's whole history
    /// (calibrate, backtest, score, forecasts: the panel, its scores and a design matrix of
    /// doubles, twice), and the comp stress test (`CompStress.memoryEstimate`).
    static func checkMemory(scenario: Scenario, options: Options, plans: [CompensationPlan]) throws {
        let engine = try MonteCarloEngine(scenario: scenario, seed: options.seed)
        let advice = "Use a scenario with fewer customers or periods, or fewer --trials / --stress-trials."
        var simulate = engine.memoryEstimate(trials: options.trials, threads: options.threads, history: true)
        simulate.run = "workbench stage simulate"
        try simulate.check(advice: advice)
        let rows = engine.expectedPanelRows
        var history = MemoryEstimate(run: "workbench stages calibrate to compare-forecasts")
        history.add("program", bytes: MemoryEstimate.programBytes)
        history.add("history panel", bytes: engine.panelMemory)
        history.add("scores", bytes: MemoryEstimate.product(rows, 64))
        history.add("design matrices", bytes: MemoryEstimate.product(rows, scenario.features.count, 8, 2))
        try history.check(advice: advice)
        var stress = CompStress.memoryEstimate(
            plans: plans, trials: options.stressTrials, threads: options.threads, panelBytes: engine.panelMemory,
            csmCount: scenario.csmCount)
        stress.run = "workbench stage comp --stress"
        try stress.check(advice: advice)
    }
}
