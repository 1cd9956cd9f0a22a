import BearingForecast
import BearingPanel
import BearingSimulation
import BearingVector

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Fits a `Scenario` to a history panel, so Monte Carlo runs start from the user's own book.
///
/// The method of each block is documented in `docs/scenario-model.md` ("Fitting a scenario to
/// a history"). In short:
///
/// 1. **Book** (segments, customers, fit mix, lognormal ARR, CSMs): counted at the end of the
///    history for the forward scenario and at its start for the backcast.
/// 2. **Features and latent axes**: a one-factor model per feature group (`GroupFactor`) gives
///    loadings, noise, centre and scale; its per-row scores give the AR(1) dynamics, fit and
///    segment effects and CSM skill (`LatentAxisFit`).
/// 3. **Dark**: a two-state hidden Markov model on the `engagement.*` features (`DarkChain`).
/// 4. **Hazards**: logistic regressions of churn, contraction, milestone reach, going dark and
///    recovery on the regression-calibrated latent state, P(dark) and fit (`HazardDesign`).
/// 5. **Categories and take rates**: the panel is scored with the given weights (or the
///    documented default weights); latent category thresholds are the quantiles that give the
///    scored categories' shares, and take rates are the history's by scored category.
/// 6. **Matching**: simulations of the history's starting book adjust the bad-fit churn effect,
///    each segment's latent effect, the contraction and reach intercepts, the take rates and the
///    segments' upsell multipliers until the simulated totals meet the history's (method of
///    simulated moments, common random numbers, `options.seed`).
///
/// 7. **Contracts and new logos** (`ContractFit`, `NewLogoFit`): with the panel's contract
///    columns, each segment's term mix, renewal months, early termination and renewal uplift;
///    from customers first seen after the first period, each segment's acquisition per period
///    (count, fit mix, ARR, ramp, start shift).
///
/// Not fitted: shocks (period-specific swings average into the hazards) and a true link.
public enum ScenarioFitter {
    public static func fit(
        panel: HistoryPanel, weights: Weights? = nil, catalogue: MilestoneCatalogue? = nil,
        options: ScenarioFitOptions = ScenarioFitOptions()
    ) throws(ScenarioFitError) -> FittedScenario {
        guard panel.rowCount > 0 else { throw .emptyPanel }
        if let n = options.periodsAhead, n < 1 { throw .invalidPeriods(n) }
        let index = PanelIndex(panel)
        guard let first = index.periods.first, let last = index.periods.last else { throw .emptyPanel }
        let range = PeriodRange(first: first, last: last)
        var slotOf: [Int32: Int] = [:]
        for (i, p) in index.periods.enumerated() { slotOf[p.ordinal] = i }
        let periodSlot = panel.period.map { slotOf[$0.ordinal] ?? 0 }
        var sources: [String: FitSource] = [:]
        var notes: [String] = []
        let rows = FitText.count(panel.rowCount)

        // Scoring: the categories every per-category number refers to.
        let usedWeights = weights ?? DefaultWeights.make(for: panel, bearingVersion: options.bearingVersion)
        let scored: PanelScores
        do {
            scored = try PanelScores(
                panel: panel, weights: usedWeights, threads: max(1, options.threads),
                stretchCountsAsGood: options.stretchCountsAsGood)
        } catch {
            throw .scoring("\(error)")
        }
        let categories = scored.scores.category
        let weightsLabel = weights == nil ? "the default weights" : "the given weights"

        // Features and latent axes.
        let moments = panel.features.map(FeatureMoments.init)
        let directionFactor = GroupFactor(panel: panel, group: .outcome, moments: moments)
        let experienceFactor = GroupFactor(panel: panel, group: .experience, moments: moments)
        let direction = LatentAxisFit(
            panel: panel, factor: directionFactor, rowsByCustomer: index.rowsByCustomer, periodSlot: periodSlot,
            periodCount: index.periods.count, minimumCSMs: options.minimumCSMsForSkill)
        let experience = LatentAxisFit(
            panel: panel, factor: experienceFactor, rowsByCustomer: index.rowsByCustomer, periodSlot: periodSlot,
            periodCount: index.periods.count, minimumCSMs: options.minimumCSMsForSkill)

        // Contract terms, renewals and new logos.
        var contractFit = panel.contracts.map { ContractFit(panel: panel, contracts: $0, index: index) }
        let newLogoFit = NewLogoFit(
            panel: panel, index: index, range: range, direction: direction, experience: experience,
            accumulatingRenewal: { r in
                guard let fit = contractFit, let contracts = panel.contracts else { return false }
                return fit.isAccumulatingRenewal(r, contracts: contracts)
            })
        if let contracts = panel.contracts {
            contractFit?.estimateUplift(
                panel: panel, contracts: contracts, acquired: newLogoFit.acquired,
                rampPeriods: { newLogoFit.segments[$0]?.ramp?.periods ?? 0 })
        }

        // Dark chain.
        let chain = DarkChain(panel: panel, rowsByCustomer: index.rowsByCustomer, moments: moments)
        let darkIdentified = chain.map { $0.separation >= 1 && $0.stationaryDark > 0.001 && $0.stationaryDark < 0.5 } ?? false
        let darkProbability: [Double]? = darkIdentified ? chain?.dark : nil
        let design = HazardDesign(panel: panel, direction: direction, experience: experience, dark: darkProbability)

        // Hazards.
        let allRows = Array(0..<panel.rowCount)
        let churn = design.fit(rows: allRows, labels: panel.churned.map { $0 ? 1 : 0 })
        let stayed = allRows.filter { !panel.churned[$0] }
        let contraction =
            stayed.isEmpty
            ? LogisticEffect(intercept: -20)
            : design.fit(rows: stayed, labels: stayed.map { panel.contractionARR[$0] > 0 ? 1 : 0 })
        let (contractionShare, shareSource) = Self.contractionShare(panel: panel, rows: stayed)
        sources["hazards.contraction_share"] = shareSource
        var goingDark = LogisticEffect(intercept: -20)
        var recovery = LogisticEffect(intercept: 0)
        if darkIdentified, let chain {
            (goingDark, recovery) = Self.darkTransitions(chain: chain, rowsByCustomer: index.rowsByCustomer, design: design)
            let detail =
                "two-state hidden Markov model on \(chain.columns.count) engagement.* features (EM, \(chain.iterations) iterations, "
                + "states \(FitText.decimal(chain.separation, 1)) sd apart), then a logistic regression of its transitions on the latent state and fit"
            sources["dark.going_dark"] = FitSource(.estimated, detail)
            sources["dark.recovery"] = FitSource(.estimated, detail)
        } else {
            let why =
                chain == nil
                ? "no engagement.* features, so going dark cannot be seen"
                : "the engagement.* features do not separate two states (no dark spell to fit)"
            sources["dark"] = FitSource(.defaulted, "\(why): nobody goes dark")
            notes.append("dark: \(why); the fitted scenario has no dark customers")
        }
        sources["hazards.churn"] = FitSource(
            .matched,
            "logistic regression on the calibrated latent state, P(dark) and fit over \(rows) rows; "
                + "fit.bad and the segments' latent effects then matched to the history's churned customers by simulation")
        sources["hazards.contraction"] = FitSource(
            .matched,
            "logistic regression over \(FitText.count(stayed.count)) rows that did not churn; intercept matched to the history's contractions by simulation"
        )

        // Milestones.
        let milestones = MilestoneFit(panel: panel, rowsByCustomer: index.rowsByCustomer, categories: categories, catalogue: catalogue)
        let allReachRows = milestones.entries.flatMap(\.reachRows)
        let pooledReach =
            allReachRows.isEmpty
            ? LogisticEffect.constant(0.2)
            : design.fit(rows: allReachRows, labels: milestones.entries.flatMap(\.reachLabels))
        var milestoneSpecs: [MilestoneSpec] = []
        for entry in milestones.entries {
            let reach = entry.reachRows.count >= 20 ? design.fit(rows: entry.reachRows, labels: entry.reachLabels) : pooledReach
            milestoneSpecs.append(
                MilestoneSpec(
                    name: entry.name, upsellARR: entry.upsellARR, reach: reach,
                    take: .init(positive: entry.take[0], neutral: entry.take[1], negative: entry.take[2], ghost: entry.take[3])))
            let key = "milestones[\(entry.name)]"
            sources["\(key).upsell_arr"] =
                entry.upsellGiven
                ? FitSource(.given, "the milestone catalogue")
                : FitSource(.estimated, "mean expansion of the \(FitText.count(entry.taken)) rows that reached it and expanded")
            sources["\(key).reach"] =
                entry.reachRows.count >= 20
                ? FitSource(
                    .matched,
                    "logistic regression over \(FitText.count(entry.reachRows.count)) rows on it (\(FitText.count(entry.reached)) reached); intercept shifted with the others to match the history's reaches"
                )
                : FitSource(.defaulted, "fewer than 20 rows on it: the pooled reach of all milestones")
            sources["\(key).take"] =
                entry.takeGiven.allSatisfy { $0 }
                ? FitSource(.given, "the milestone catalogue")
                : FitSource(
                    .matched,
                    "share of the \(FitText.count(entry.reached)) reaching rows that expanded, by vector category scored with \(weightsLabel) (shrunk, κ = 10), scaled with the others to match the history's upsells"
                )
        }
        if !milestones.entries.isEmpty {
            sources["milestones"] = FitSource(.estimated, milestones.ordered)
        }
        if milestones.entries.isEmpty && milestones.expansionTotal > 0 {
            notes.append(
                "expansion: the history has \(FitText.count(Int(milestones.expansionTotal.rounded()))) ARR of expansion but no milestones; the fitted scenario simulates none"
            )
        } else if milestones.expansionTotal > 0, milestones.expansionOffMilestones > 0.01 * milestones.expansionTotal {
            notes.append(
                "expansion: \(FitText.percent(milestones.expansionOffMilestones / milestones.expansionTotal)) of the history's expansion ARR "
                    + "came in rows that reached no milestone; the segments' upsell multipliers carry it")
        }
        if milestones.rowsOffCatalogue > 0 {
            notes.append("milestones: \(FitText.count(milestones.rowsOffCatalogue)) rows are on milestones the catalogue does not list (left out)")
        }

        // Latent category thresholds: quantiles that reproduce the scored categories' shares.
        let (categoryThresholds, categorySource) = Self.categoryThresholds(
            scores: scored.scores, thresholds: usedWeights.thresholds, direction: direction, experience: experience,
            darkProbability: darkProbability, weightsLabel: weightsLabel)
        sources["categories"] = categorySource

        // Features.
        let (featureSpecs, featureSources) = Self.featureSpecs(
            moments: moments, direction: directionFactor, experience: experienceFactor, chain: darkIdentified ? chain : nil)
        sources.merge(featureSources) { $1 }

        // Latent processes, segment effects and CSM skill.
        let latent = Self.latentProcesses(panel: panel, direction: direction, experience: experience)
        for (key, axis, factor) in [("direction", direction, directionFactor), ("experience", experience, experienceFactor)] {
            let group = key == "direction" ? "outcome" : "experience"
            if axis.identified {
                sources["latent.\(key)"] = FitSource(
                    .estimated,
                    "AR(1) moments of the \(factor.features.count)-feature factor scores over \(FitText.count(axis.pairs)) consecutive row pairs "
                        + "(persistence = lag-1 / lag-0 covariance net of score noise); fit inputs from score[p+1] - persistence·score[p]")
            } else {
                sources["latent.\(key)"] = FitSource(
                    .defaulted, "no \(group).* features: persistence 0.8, unit stationary sd, no effects")
                notes.append("latent.\(key): not identifiable without \(group).* features; hazards do not depend on it")
            }
        }
        sources["latent.direction.csm_skill"] = FitSource(
            .defaulted,
            "only csm_skill x csm_skill_sd is identifiable: the two csm_skill slopes are set to a unit vector in the direction of the CSMs' estimated effects"
        )
        sources["latent.experience.csm_skill"] = sources["latent.direction.csm_skill"]

        var draft = FitDraft(
            direction: latent.direction, experience: latent.experience, segmentDirection: direction.segmentEffects,
            segmentExperience: experience.segmentEffects, segmentSkillSD: latent.skillSD,
            segmentUpsell: panel.segmentNames.indices.map { milestones.segmentRatio[$0] ?? 1 }, categories: categoryThresholds,
            goingDark: goingDark, recovery: recovery,
            hazards: Hazards(churn: churn, contraction: contraction, contractionShare: contractionShare),
            milestones: milestoneSpecs, features: featureSpecs,
            segmentContracts: panel.segmentNames.indices.map { contractFit?.specs(segment: $0) ?? [] },
            segmentNewLogos: panel.segmentNames.indices.map { newLogoFit.spec(segment: $0) })

        // Books.
        let start = BookSnapshot.start(panel: panel, index: index)
        let end = BookSnapshot.end(panel: panel, index: index)
        guard !start.segments.isEmpty else { throw .emptyBook(period: first.label) }
        guard !end.segments.isEmpty else { throw .emptyBook(period: "the period after \(last.label) (every customer churned)") }
        let startDark =
            darkProbability.map { p in
                index.rowsByPeriod[0].reduce(0.0) { $0 + p[Int($1)] } / Double(max(1, index.rowsByPeriod[0].count))
            } ?? 0
        var endDark = 0.0
        if let p = darkProbability, let chain {
            var n = 0.0
            for r32 in index.rowsByPeriod[index.periods.count - 1] where !panel.churned[Int(r32)] {
                let g = p[Int(r32)]
                endDark += g * (1 - chain.recovery) + (1 - g) * chain.goingDark
                n += 1
            }
            endDark /= max(1, n)
        }
        let span = range.count

        // Matching by simulated moments on the starting book.
        let matching = try MomentMatching.run(
            draft: &draft, panel: panel, index: index, book: start, chainIndex: milestones.chainIndex,
            fixedTakes: milestones.entries.map(\.takeGiven),
            churnAxis: (
                direction: (slope: churn.direction, persistence: direction.persistence, identified: direction.identified),
                experience: (slope: churn.experience, persistence: experience.persistence, identified: experience.identified)
            ),
            periods: span, darkInitial: startDark, options: options)
        notes += matching.notes

        let description =
            "Fitted to \(options.historyFile ?? "a history") (\(rows) rows, \(FitText.count(index.rowsByCustomer.count)) customers, "
            + "\(range)) by bearing fit-scenario \(options.bearingVersion)."
        let forward = draft.scenario(
            name: options.name, description: description, book: end, start: last.next, count: options.periodsAhead ?? span,
            darkInitial: endDark, stretchCountsAsGood: options.stretchCountsAsGood)
        let backcast = draft.scenario(
            name: options.name + " (backcast)", description: description, book: start, start: first, count: span,
            darkInitial: startDark, stretchCountsAsGood: options.stretchCountsAsGood)
        do throws(ScenarioError) {
            try forward.validate()
            try backcast.validate()
        } catch {
            throw .invalidScenario(error.description)
        }

        // Sources of the book and the periods.
        sources["periods"] =
            options.periodsAhead == nil
            ? FitSource(.estimated, "the period after the history's last (\(last.label)), as many periods as the history spans (\(span))")
            : FitSource(.given, "the period after the history's last (\(last.label)), --periods-ahead")
        sources["dark.initial"] =
            darkIdentified
            ? FitSource(
                .estimated, "P(dark) after \(last.label) from the hidden Markov model, averaged over the \(FitText.count(end.rows)) customers left")
            : FitSource(.defaulted, "no dark state")
        sources.merge(
            Self.bookSources(
                end: end, last: last, direction: direction, experience: experience, skillIdentified: latent.skillIdentified,
                hasMilestones: !milestones.entries.isEmpty, minimumCSMs: options.minimumCSMsForSkill)
        ) { $1 }
        if end.segments.count < panel.segmentNames.count {
            let gone = Set(panel.segmentNames).subtracting(end.segments.map(\.name)).sorted()
            notes.append("segments with no customer left after \(last.label) are left out: \(gone.joined(separator: ", "))")
        }
        for (s, name) in panel.segmentNames.enumerated() {
            sources.merge(contractFit?.sources(segment: s, name: name, first: first) ?? [:]) { $1 }
            sources.merge(newLogoFit.sources(segment: s, name: name, first: first)) { $1 }
        }
        let newLogos = newLogoFit.segments.reduce(0) { $0 + ($1?.customers ?? 0) }
        if newLogos > 0 {
            notes.append(
                "new logos: \(FitText.count(newLogos)) customers first appear after \(first.label); the segments' acquisition is "
                    + "fitted (new_logos, flat over time) and simulated forward and in the backcast; the matching simulates the starting book only")
        }
        if panel.contracts == nil {
            notes.append(
                "contracts: the history has no contract_term_months or renewal_date column; every simulated customer decides every period")
        }
        notes.append("milestones: every simulated customer starts on the first milestone; shocks and a true link are not fitted")
        if !panel.hasCSMColumn { notes.append("CSMs: the history has no csm_id column; one CSM per segment, no skill spread") }

        return FittedScenario(
            scenario: forward, backcast: backcast, sources: sources, notes: notes, matched: matching.totals,
            historyRows: panel.rowCount, historyCustomers: index.rowsByCustomer.count, historyRange: range)
    }
}
