#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import BearingForecast
import BearingPanel
import BearingSimulation
import BearingVector

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
/// Not fitted: shocks (period-specific swings average into the hazards), a true link,
/// contract terms, renewals and new logos.
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

        // Dark chain.
        let chain = DarkChain(panel: panel, rowsByCustomer: index.rowsByCustomer, moments: moments)
        let darkIdentified = chain.map { $0.separation >= 1 && $0.stationaryDark > 0.001 && $0.stationaryDark < 0.5 } ?? false
        let darkProbability: [Double]? = darkIdentified ? chain?.dark : nil
        let design = HazardDesign(panel: panel, direction: direction, experience: experience, dark: darkProbability)

        // Hazards.
        let allRows = Array(0..<panel.rowCount)
        let churn = design.fit(rows: allRows, labels: panel.churned.map { $0 ? 1 : 0 })
        let stayed = allRows.filter { !panel.churned[$0] }
        let contraction = stayed.isEmpty
            ? LogisticEffect(intercept: -20)
            : design.fit(rows: stayed, labels: stayed.map { panel.contractionARR[$0] > 0 ? 1 : 0 })
        var shares: [Double] = []
        for r in stayed where panel.contractionARR[r] > 0 && panel.arr[r] > 0 {
            shares.append(min(1, panel.contractionARR[r] / panel.arr[r]))
        }
        let contractionShare: Hazards.ShareRange
        if shares.count >= 2 {
            let mean = shares.reduce(0, +) / Double(shares.count)
            let sd = (shares.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(shares.count)).squareRoot()
            let lo = max(0, mean - 3.0.squareRoot() * sd)
            contractionShare = .init(min: lo, max: max(lo, min(1, mean + 3.0.squareRoot() * sd)))
            sources["hazards.contraction_share"] = FitSource(
                .estimated, "uniform by method of moments on \(FitText.count(shares.count)) contractions (mean share \(FitText.percent(mean)))")
        } else {
            contractionShare = .init(min: 0.1, max: 0.3)
            sources["hazards.contraction_share"] = FitSource(.defaulted, "fewer than 2 contractions in the history")
        }

        var goingDark = LogisticEffect(intercept: -20)
        var recovery = LogisticEffect(intercept: 0)
        if darkIdentified, let chain {
            var engagedRows: [Int] = []
            var engagedLabels: [Double] = []
            var engagedWeights: [Double] = []
            var darkRows: [Int] = []
            var darkLabels: [Double] = []
            var darkWeights: [Double] = []
            for customerRows in index.rowsByCustomer {
                for r32 in customerRows.dropLast() {
                    let r = Int(r32)
                    let p = chain.dark[r]
                    if 1 - p > 1e-9 {
                        engagedRows.append(r)
                        engagedWeights.append(1 - p)
                        engagedLabels.append(min(1, max(0, chain.toDark[r] / (1 - p))))
                    }
                    if p > 1e-9 {
                        darkRows.append(r)
                        darkWeights.append(p)
                        darkLabels.append(min(1, max(0, chain.toEngaged[r] / p)))
                    }
                }
            }
            goingDark = design.fit(rows: engagedRows, labels: engagedLabels, weights: engagedWeights, withDark: false)
            recovery = design.fit(rows: darkRows, labels: darkLabels, weights: darkWeights, withDark: false)
            let detail =
                "two-state hidden Markov model on \(chain.columns.count) engagement.* features (EM, \(chain.iterations) iterations, "
                + "states \(FitText.decimal(chain.separation, 1)) sd apart), then a logistic regression of its transitions on the latent state and fit"
            sources["dark.going_dark"] = FitSource(.estimated, detail)
            sources["dark.recovery"] = FitSource(.estimated, detail)
        } else {
            let why = chain == nil
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
            "logistic regression over \(FitText.count(stayed.count)) rows that did not churn; intercept matched to the history's contractions by simulation")

        // Milestones.
        let milestones = MilestoneFit(panel: panel, rowsByCustomer: index.rowsByCustomer, categories: categories, catalogue: catalogue)
        let allReachRows = milestones.entries.flatMap(\.reachRows)
        let pooledReach = allReachRows.isEmpty
            ? LogisticEffect.constant(0.2)
            : design.fit(rows: allReachRows, labels: milestones.entries.flatMap(\.reachLabels))
        var milestoneSpecs: [MilestoneSpec] = []
        for entry in milestones.entries {
            let reach = entry.reachRows.count >= 20 ? design.fit(rows: entry.reachRows, labels: entry.reachLabels) : pooledReach
            milestoneSpecs.append(MilestoneSpec(
                name: entry.name, upsellARR: entry.upsellARR, reach: reach,
                take: .init(positive: entry.take[0], neutral: entry.take[1], negative: entry.take[2], ghost: entry.take[3])))
            let key = "milestones[\(entry.name)]"
            sources["\(key).upsell_arr"] = entry.upsellGiven
                ? FitSource(.given, "the milestone catalogue")
                : FitSource(.estimated, "mean expansion of the \(FitText.count(entry.taken)) rows that reached it and expanded")
            sources["\(key).reach"] = entry.reachRows.count >= 20
                ? FitSource(
                    .matched,
                    "logistic regression over \(FitText.count(entry.reachRows.count)) rows on it (\(FitText.count(entry.reached)) reached); intercept shifted with the others to match the history's reaches")
                : FitSource(.defaulted, "fewer than 20 rows on it: the pooled reach of all milestones")
            sources["\(key).take"] = entry.takeGiven.allSatisfy { $0 }
                ? FitSource(.given, "the milestone catalogue")
                : FitSource(
                    .matched,
                    "share of the \(FitText.count(entry.reached)) reaching rows that expanded, by vector category scored with \(weightsLabel) (shrunk, κ = 10), scaled with the others to match the history's upsells")
        }
        if !milestones.entries.isEmpty {
            sources["milestones"] = FitSource(.estimated, milestones.ordered)
        }
        if milestones.entries.isEmpty && milestones.expansionTotal > 0 {
            notes.append(
                "expansion: the history has \(FitText.count(Int(milestones.expansionTotal.rounded()))) ARR of expansion but no milestones; the fitted scenario simulates none")
        } else if milestones.expansionTotal > 0, milestones.expansionOffMilestones > 0.01 * milestones.expansionTotal {
            notes.append(
                "expansion: \(FitText.percent(milestones.expansionOffMilestones / milestones.expansionTotal)) of the history's expansion ARR "
                    + "came in rows that reached no milestone; the segments' upsell multipliers carry it")
        }
        if milestones.rowsOffCatalogue > 0 {
            notes.append("milestones: \(FitText.count(milestones.rowsOffCatalogue)) rows are on milestones the catalogue does not list (left out)")
        }

        // Latent category thresholds: quantiles that reproduce the scored categories' shares.
        let thresholds = usedWeights.thresholds
        var nonGhost = 0.0, negative = 0.0, positiveDirection = 0.0, positiveMagnitude = 0.0
        for k in 0..<scored.scores.count where categories[k] != VectorCategory.ghost.rawValue {
            nonGhost += 1
            if categories[k] == VectorCategory.negative.rawValue { negative += 1 }
            if Double(scored.scores.direction[k]) > thresholds.positiveDirection { positiveDirection += 1 }
            if Double(scored.scores.magnitude[k]) >= thresholds.positiveMagnitude { positiveMagnitude += 1 }
        }
        var categoryThresholds = BearingSimulation.CategoryThresholds(positive: .init(direction: 0.5), negative: .init(direction: -0.5))
        if direction.identified, nonGhost > 0 {
            let engagedD = (0..<panel.rowCount).compactMap { r -> Double? in
                let m = direction.matched[r]
                return !m.isNaN && (darkProbability?[r] ?? 0) < 0.5 ? m : nil
            }.sorted()
            let qNeg = Self.quantile(engagedD, negative / nonGhost)
            var qPos = Self.quantile(engagedD, 1 - positiveDirection / nonGhost)
            if qPos <= qNeg { qPos = qNeg + 0.01 }
            var positiveExperience: Double?
            if experience.identified {
                let engagedE = (0..<panel.rowCount).compactMap { r -> Double? in
                    let m = experience.matched[r]
                    return !m.isNaN && (darkProbability?[r] ?? 0) < 0.5 ? m : nil
                }.sorted()
                positiveExperience = Self.quantile(engagedE, 1 - positiveMagnitude / nonGhost)
            }
            categoryThresholds = BearingSimulation.CategoryThresholds(
                positive: .init(direction: qPos, experience: positiveExperience), negative: .init(direction: qNeg))
            sources["categories"] = FitSource(
                .estimated,
                "quantiles of the latent state at the shares of the categories scored with \(weightsLabel): "
                    + "negative \(FitText.percent(negative / nonGhost)), direction above the positive threshold "
                    + "\(FitText.percent(positiveDirection / nonGhost)), magnitude above it \(FitText.percent(positiveMagnitude / nonGhost)) of the rows not ghost")
        } else {
            sources["categories"] = FitSource(.defaulted, "no outcome.* features to place the direction thresholds")
        }

        // Features.
        var featureSpecs: [BearingSimulation.FeatureSpec] = []
        for (j, m) in moments.enumerated() {
            var spec = BearingSimulation.FeatureSpec(
                name: m.name, center: m.mean, scale: m.sd, loadings: .init(), noise: 1, missing: m.missingRate, min: m.min,
                max: m.max)
            let key = "features[\(m.name)]"
            switch m.group {
            case .outcome, .experience:
                let factor = m.group == .outcome ? directionFactor : experienceFactor
                if let i = factor.columns.firstIndex(of: j) {
                    let l = factor.loadings[i]
                    if m.group == .outcome { spec.loadings.direction = l } else { spec.loadings.experience = l }
                    spec.noise = max(0, 1 - l * l).squareRoot()
                }
                sources[key] = FitSource(
                    factor.features.count >= 3 ? .estimated : .defaulted,
                    "mean and sd of \(FitText.count(m.observed)) values; loading by \(factor.method)")
            case .engagement:
                if darkIdentified, let chain, let i = chain.columns.firstIndex(of: j) {
                    let engagedMean = chain.means[0][i]
                    let engagedSD = chain.sds[0][i]
                    spec.center = m.mean + m.sd * engagedMean
                    spec.scale = m.sd * engagedSD
                    spec.loadings.dark = (chain.means[1][i] - engagedMean) / engagedSD
                    sources[key] = FitSource(.estimated, "engaged-state mean and sd and the dark shift from the hidden Markov model")
                } else {
                    sources[key] = FitSource(.estimated, "mean and sd of \(FitText.count(m.observed)) values; no dark state to load on")
                }
            }
            featureSpecs.append(spec)
        }

        // Latent processes, segment effects and CSM skill.
        func process(_ axis: LatentAxisFit, skill: Double) -> LatentProcess {
            let known = axis.fitInputs.compactMap { $0 }
            let fallback = known.isEmpty ? 0 : known.reduce(0, +) / Double(known.count)
            return LatentProcess(
                drift: 0, persistence: axis.persistence, noise: axis.noise,
                fit: FitEffect(good: axis.fitInputs[0] ?? fallback, stretch: axis.fitInputs[1] ?? fallback, bad: axis.fitInputs[2] ?? fallback),
                csmSkill: skill)
        }
        let segmentCount = panel.segmentNames.count
        let spreadD = direction.skillSpread
        let spreadE = experience.skillSpread
        func pooled(_ spread: [Double?]) -> Double {
            let known = spread.compactMap { $0 }
            return known.isEmpty ? 0 : (known.reduce(0) { $0 + $1 * $1 } / Double(known.count)).squareRoot()
        }
        var skillD = pooled(spreadD)
        var skillE = pooled(spreadE)
        var levelProduct = 0.0
        for k in panel.csmIDs.indices { levelProduct += direction.csmLevels[k] * experience.csmLevels[k] }
        if levelProduct < 0 { skillE = -skillE }
        let norm = (skillD * skillD + skillE * skillE).squareRoot()
        if norm > 0 {
            skillD /= norm
            skillE /= norm
        }
        var skillSD = [Double](repeating: 0, count: segmentCount)
        for s in 0..<segmentCount where norm > 0 {
            let d = spreadD[s] ?? 0
            let e = spreadE[s] ?? 0
            skillSD[s] = (d * d + e * e).squareRoot()
        }
        let directionProcess = process(direction, skill: skillD)
        let experienceProcess = process(experience, skill: skillE)
        for (key, axis, factor) in [("direction", direction, directionFactor), ("experience", experience, experienceFactor)] {
            if axis.identified {
                sources["latent.\(key)"] = FitSource(
                    .estimated,
                    "AR(1) moments of the \(factor.features.count)-feature factor scores over \(FitText.count(axis.pairs)) consecutive row pairs "
                        + "(persistence = lag-1 / lag-0 covariance net of score noise); fit inputs from score[p+1] - persistence·score[p]")
            } else {
                sources["latent.\(key)"] = FitSource(
                    .defaulted, "no \(key == "direction" ? "outcome" : "experience").* features: persistence 0.8, unit stationary sd, no effects")
                notes.append("latent.\(key): not identifiable without \(key == "direction" ? "outcome" : "experience").* features; hazards do not depend on it")
            }
        }
        sources["latent.direction.csm_skill"] = FitSource(
            .defaulted,
            "only csm_skill x csm_skill_sd is identifiable: the two csm_skill slopes are set to a unit vector in the direction of the CSMs' estimated effects")
        sources["latent.experience.csm_skill"] = sources["latent.direction.csm_skill"]

        var draft = FitDraft(
            direction: directionProcess, experience: experienceProcess, segmentDirection: direction.segmentEffects,
            segmentExperience: experience.segmentEffects, segmentSkillSD: skillSD,
            segmentUpsell: (0..<segmentCount).map { milestones.segmentRatio[$0] ?? 1 }, categories: categoryThresholds,
            goingDark: goingDark, recovery: recovery,
            hazards: Hazards(churn: churn, contraction: contraction, contractionShare: contractionShare),
            milestones: milestoneSpecs, features: featureSpecs)

        // Books.
        let start = BookSnapshot.start(panel: panel, index: index)
        let end = BookSnapshot.end(panel: panel, index: index)
        guard !start.segments.isEmpty else { throw .emptyBook(period: first.label) }
        guard !end.segments.isEmpty else { throw .emptyBook(period: "the period after \(last.label) (every customer churned)") }
        let startDark = darkProbability.map { p in
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
            churnAxis: (direction: (slope: churn.direction, persistence: direction.persistence, identified: direction.identified),
                        experience: (slope: churn.experience, persistence: experience.persistence, identified: experience.identified)),
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
        sources["periods"] = options.periodsAhead == nil
            ? FitSource(.estimated, "the period after the history's last (\(last.label)), as many periods as the history spans (\(span))")
            : FitSource(.given, "the period after the history's last (\(last.label)), --periods-ahead")
        sources["dark.initial"] = darkIdentified
            ? FitSource(.estimated, "P(dark) after \(last.label) from the hidden Markov model, averaged over the \(FitText.count(end.rows)) customers left")
            : FitSource(.defaulted, "no dark state")
        for s in end.segments {
            let key = "segments[\(s.name)]"
            sources["\(key).customers"] = FitSource(.estimated, "customers in \(last.label) that did not churn")
            sources["\(key).arr"] = s.positiveARR > 0
                ? FitSource(.estimated, "lognormal by method of moments on log ARR of \(FitText.count(s.positiveARR)) customers at the \(end.label)")
                : FitSource(.defaulted, "no customer with ARR > 0")
            sources["\(key).fit"] = FitSource(.estimated, "shares of the \(FitText.count(s.customers)) customers at the \(end.label)")
            let sizes = s.bookSizes
            sources["\(key).csms"] = s.csms > 0
                ? FitSource(
                    .estimated,
                    "distinct CSMs at the \(end.label); books of \(sizes.first ?? 0) to \(sizes.last ?? 0) customers (median \(sizes.isEmpty ? 0 : sizes[sizes.count / 2]))")
                : FitSource(.defaulted, "no CSM in the rows: one")
            let spreadKnown = spreadD[s.index] != nil || spreadE[s.index] != nil
            sources["\(key).csm_skill_sd"] = spreadKnown && norm > 0
                ? FitSource(.estimated, "between-CSM variance of the CSMs' latent effects net of sampling noise")
                : FitSource(
                    .defaulted,
                    spreadKnown ? "no CSM effect beyond sampling noise" : "fewer than \(options.minimumCSMsForSkill) CSMs: not identifiable")
            sources["\(key).direction_effect"] = FitSource(
                .matched, "segment's mean latent input (factor scores), shifted by simulation so its churned customers match the history")
            sources["\(key).experience_effect"] = sources["\(key).direction_effect"]
            sources["\(key).upsell_multiplier"] = milestones.entries.isEmpty
                ? FitSource(.defaulted, "no milestones")
                : FitSource(.matched, "realised ÷ listed upsell value of its takers, then matched by simulation to its expansion ARR")
        }
        if end.segments.count < panel.segmentNames.count {
            let gone = Set(panel.segmentNames).subtracting(end.segments.map(\.name)).sorted()
            notes.append("segments with no customer left after \(last.label) are left out: \(gone.joined(separator: ", "))")
        }
        let newLogos = index.rowsByCustomer.count - index.rowsByPeriod[0].count
        if newLogos > 0 {
            notes.append(
                "new logos: \(FitText.count(newLogos)) customers first appear after \(first.label); they inform the hazards but "
                    + "the scenario simulates no new logos (nor contract terms or renewals)")
        }
        notes.append("milestones: every simulated customer starts on the first milestone; shocks and a true link are not fitted")
        if !panel.hasCSMColumn { notes.append("CSMs: the history has no csm_id column; one CSM per segment, no skill spread") }

        return FittedScenario(
            scenario: forward, backcast: backcast, sources: sources, notes: notes, matched: matching.totals,
            historyRows: panel.rowCount, historyCustomers: index.rowsByCustomer.count, historyRange: range)
    }

    /// Type-7 quantile of sorted values (0 for none).
    static func quantile(_ sorted: [Double], _ q: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        let h = Double(sorted.count - 1) * min(1, max(0, q))
        let lo = Int(h.rounded(.down))
        let hi = min(lo + 1, sorted.count - 1)
        return sorted[lo] + (h - Double(lo)) * (sorted[hi] - sorted[lo])
    }
}
