import BearingPanel
import BearingSimulation

extension ScenarioFitter {
    /// Where each segment key of the forward scenario came from.
    static func bookSources(
        end: BookSnapshot, last: Period, direction: LatentAxisFit, experience: LatentAxisFit, skillIdentified: Bool,
        hasMilestones: Bool, minimumCSMs: Int
    ) -> [String: FitSource] {
        var sources: [String: FitSource] = [:]
        for s in end.segments {
            let key = "segments[\(s.name)]"
            sources["\(key).customers"] = FitSource(.estimated, "customers in \(last.label) that did not churn")
            sources["\(key).arr"] =
                s.positiveARR > 0
                ? FitSource(.estimated, "lognormal by method of moments on log ARR of \(FitText.count(s.positiveARR)) customers at the \(end.label)")
                : FitSource(.defaulted, "no customer with ARR > 0")
            sources["\(key).fit"] = FitSource(.estimated, "shares of the \(FitText.count(s.customers)) customers at the \(end.label)")
            let sizes = s.bookSizes
            sources["\(key).csms"] =
                s.csms > 0
                ? FitSource(
                    .estimated,
                    "distinct CSMs at the \(end.label); books of \(sizes.first ?? 0) to \(sizes.last ?? 0) customers "
                        + "(median \(sizes.isEmpty ? 0 : sizes[sizes.count / 2]))")
                : FitSource(.defaulted, "no CSM in the rows: one")
            let spreadKnown = direction.skillSpread[s.index] != nil || experience.skillSpread[s.index] != nil
            sources["\(key).csm_skill_sd"] =
                spreadKnown && skillIdentified
                ? FitSource(.estimated, "between-CSM variance of the CSMs' latent effects net of sampling noise")
                : FitSource(
                    .defaulted, spreadKnown ? "no CSM effect beyond sampling noise" : "fewer than \(minimumCSMs) CSMs: not identifiable")
            sources["\(key).direction_effect"] = FitSource(
                .matched, "segment's mean latent input (factor scores), shifted by simulation so its churned customers match the history")
            sources["\(key).experience_effect"] = sources["\(key).direction_effect"]
            sources["\(key).upsell_multiplier"] =
                hasMilestones
                ? FitSource(.matched, "realised ÷ listed upsell value of its takers, then matched by simulation to its expansion ARR")
                : FitSource(.defaulted, "no milestones")
        }
        return sources
    }
}
