import BearingPanel
import BearingSimulation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The method-of-simulated-moments step of a fit: simulate the history's starting book with the
/// draft, compare totals with the history's (`MatchingTargets`) and turn one knob per total:
///
/// | total (history, customers of its first period) | knob |
/// |---|---|
/// | churned bad-fit customers | `hazards.churn.fit.bad` |
/// | churned good/stretch-fit customers of each segment | the segment's latent effect on the axis churn depends on most |
/// | contractions | `hazards.contraction.intercept` |
/// | milestones reached | every `milestones[].reach.intercept`, shifted together |
/// | upsells taken | every take rate the catalogue does not fix, scaled together (capped at 1) |
/// | expansion ARR of each segment | the segment's `upsell_multiplier` |
///
/// Why: the regressions see the latent state through noisy scores, so their intercepts are
/// biased (the mean of a logistic over the wider true state is not the logistic of the
/// calibrated state), and the scenario has no per-segment hazard. Each round simulates the
/// same trials (common random numbers), so the totals move smoothly with the knobs.
enum MomentMatching {
    struct Outcome {
        var totals: [FittedScenario.MatchedTotal]
        var notes: [String]
    }

    typealias Axis = (slope: Double, persistence: Double, identified: Bool)

    static let tolerance = 0.001

    static func run(
        draft: inout FitDraft, panel: HistoryPanel, index: PanelIndex, book: BookSnapshot, chainIndex: [Int],
        fixedTakes: [[Bool]], churnAxis: (direction: Axis, experience: Axis), periods: Int, darkInitial: Double, options: ScenarioFitOptions
    ) throws(ScenarioFitError) -> Outcome {
        let targets = MatchingTargets(panel: panel, index: index, book: book, chainIndex: chainIndex)
        let segments = book.segments.count
        // The axis whose unit input moves the churn logit most.
        func leverage(_ a: Axis) -> Double { a.identified ? a.slope / (1 - a.persistence) : 0 }
        let useDirection = abs(leverage(churnAxis.direction)) >= abs(leverage(churnAxis.experience))
        let segmentLeverage = useDirection ? leverage(churnAxis.direction) : leverage(churnAxis.experience)
        let segmentKnobs = abs(segmentLeverage) >= 0.05
        var bad = SecantKnob(guess: 0.8)
        var intercept = SecantKnob(guess: 0.8)
        var segmentShift = (0..<segments).map { _ in SecantKnob(guess: 0.8 * segmentLeverage, maxStep: 1.5 / max(0.05, abs(segmentLeverage))) }
        var contraction = SecantKnob(guess: 0.9)
        var reach = SecantKnob(guess: 0.7)
        var take = SecantKnob(guess: 0.9)
        var upsell = (0..<segments).map { _ in SecantKnob(guess: 1) }
        let base = draft

        let customerPeriods = max(1, book.customers * periods)
        let trials = max(1, min(64, options.matchingCustomerPeriods / customerPeriods))
        var simulated = targets
        var rounds = 0
        var notes: [String] = []
        for round in 0..<max(1, options.matchingRounds) {
            rounds = round + 1
            // Apply the knobs to the estimated draft.
            draft = base
            draft.hazards.churn.fit.bad += bad.x
            draft.hazards.churn.intercept += intercept.x
            draft.hazards.contraction.intercept += contraction.x
            for m in draft.milestones.indices {
                draft.milestones[m].reach.intercept += reach.x
                // Take rates the catalogue fixes stay as given.
                let fixed = m < fixedTakes.count ? fixedTakes[m] : [false, false, false, false]
                func scaled(_ rate: Double, _ category: VectorCategory) -> Double {
                    fixed[Int(category.rawValue)] ? rate : min(1, rate * exp(take.x))
                }
                let t = base.milestones[m].take
                draft.milestones[m].take = .init(
                    positive: scaled(t.positive, .positive), neutral: scaled(t.neutral, .neutral),
                    negative: scaled(t.negative, .negative), ghost: scaled(t.ghost, .ghost))
            }
            for (s, segment) in book.segments.enumerated() {
                if useDirection {
                    draft.segmentDirection[segment.index] += segmentShift[s].x
                } else {
                    draft.segmentExperience[segment.index] += segmentShift[s].x
                }
                draft.segmentUpsell[segment.index] *= exp(upsell[s].x)
            }
            let scenario = draft.scenario(
                name: "matching", description: nil, book: book, start: index.periods[0], count: periods,
                darkInitial: darkInitial, stretchCountsAsGood: true, newLogos: false)
            let engine: MonteCarloEngine
            do throws(ScenarioError) {
                engine = try MonteCarloEngine(scenario: scenario, seed: options.seed)
            } catch {
                throw .invalidScenario(error.description)
            }
            simulated = MatchingTargets(trials: engine.run(trials: trials, threads: max(1, options.threads)), segments: segments)

            // Errors of every active knob.
            let fBad = SecantKnob.error(simulated: simulated.badChurn, target: targets.badChurn)
            let fSegments = (0..<segments).map { SecantKnob.error(simulated: simulated.goodChurn[$0], target: targets.goodChurn[$0]) }
            let fIntercept = SecantKnob.error(
                simulated: simulated.goodChurn.reduce(0, +), target: targets.goodChurn.reduce(0, +))
            let fContraction = SecantKnob.error(simulated: simulated.contractions, target: targets.contractions)
            let hasMilestones = !draft.milestones.isEmpty
            let fReach = hasMilestones ? SecantKnob.error(simulated: simulated.reaches, target: targets.reaches) : 0
            let fTake = hasMilestones ? SecantKnob.error(simulated: simulated.takes, target: targets.takes) : 0
            let fUpsell = (0..<segments).map {
                hasMilestones ? SecantKnob.error(simulated: simulated.expansion[$0], target: targets.expansion[$0]) : 0
            }
            var worst = max(abs(fBad), abs(fContraction), abs(fReach), abs(fTake))
            worst = max(worst, (segmentKnobs ? fSegments : [fIntercept]).map(abs).max() ?? 0)
            worst = max(worst, fUpsell.map(abs).max() ?? 0)
            if worst < tolerance || round == options.matchingRounds - 1 { break }

            if targets.badChurn > 0 { bad.step(fBad) }
            if segmentKnobs {
                for s in 0..<segments where targets.goodChurn[s] > 0 { segmentShift[s].step(fSegments[s]) }
            } else if targets.goodChurn.reduce(0, +) > 0 {
                intercept.step(fIntercept)
            }
            if targets.contractions > 0 { contraction.step(fContraction) }
            if hasMilestones {
                if targets.reaches > 0 { reach.step(fReach) }
                if targets.takes > 0 { take.step(fTake) }
                for s in 0..<segments where targets.expansion[s] > 0 { upsell[s].step(fUpsell[s]) }
            }
        }
        if !segmentKnobs {
            notes.append("churn does not depend on the latent state here, so segments' churn is matched in total only")
        }
        notes.append(
            "matching: \(rounds) rounds of \(trials) simulated trials of the history's starting book (seed \(options.seed))")
        var totals: [FittedScenario.MatchedTotal] = []
        totals.append(.init(name: "churned bad-fit customers", history: targets.badChurn, simulated: simulated.badChurn))
        for (s, segment) in book.segments.enumerated() {
            totals.append(
                .init(
                    name: "churned good/stretch-fit customers, \(segment.name)", history: targets.goodChurn[s],
                    simulated: simulated.goodChurn[s]))
        }
        totals.append(.init(name: "contractions", history: targets.contractions, simulated: simulated.contractions))
        if !draft.milestones.isEmpty {
            totals.append(.init(name: "milestones reached", history: targets.reaches, simulated: simulated.reaches))
            totals.append(.init(name: "upsells taken", history: targets.takes, simulated: simulated.takes))
            for (s, segment) in book.segments.enumerated() {
                totals.append(.init(name: "expansion ARR, \(segment.name)", history: targets.expansion[s], simulated: simulated.expansion[s]))
            }
        }
        return Outcome(totals: totals, notes: notes)
    }
}
