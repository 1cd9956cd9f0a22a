import BearingComp
import BearingPanel
import BearingSimulation
import Foundation

extension WorkbenchCommand {
    /// Refuses, before any stage runs, a workbench whose largest stage cannot fit in physical
    /// memory. Stages run one after another, so each is checked on its own: the simulation
    /// (`MonteCarloEngine.memoryEstimate`), the stages that hold trial 0's whole history
    /// (calibrate, backtest, score, forecasts: the panel, its scores and a design matrix of
    /// doubles, twice), and the comp stress test (`CompStress.memoryEstimate`).
    func checkMemory(planFiles: [String]) throws {
        let scenario = try CompInputs.readScenario(path: self.scenario)
        let engine = try MonteCarloEngine(scenario: scenario, seed: seed)
        let threads = MonteCarloEngine.defaultThreads
        let advice = "Use a scenario with fewer customers or periods, or fewer --trials / --stress-trials."
        var simulate = engine.memoryEstimate(trials: trials, threads: threads, history: true)
        simulate.run = "workbench stage simulate"
        try simulate.check(advice: advice)
        let rows = engine.expectedPanelRows
        let features = scenario.features.count
        var history = MemoryEstimate(run: "workbench stages calibrate to compare-forecasts")
        history.add("program", bytes: MemoryEstimate.programBytes)
        history.add("history panel", bytes: engine.panelMemory)
        history.add("scores", bytes: MemoryEstimate.product(rows, 64))
        history.add("design matrices", bytes: MemoryEstimate.product(rows, features, 8, 2))
        try history.check(advice: advice)
        let plans = try planFiles.map { try CompInputs.readPlan(path: $0) }
        var stress = CompStress.memoryEstimate(
            plans: plans, trials: stressTrials, threads: threads, panelBytes: engine.panelMemory, csmCount: scenario.csmCount)
        stress.run = "workbench stage comp --stress"
        try stress.check(advice: advice)
    }
}
