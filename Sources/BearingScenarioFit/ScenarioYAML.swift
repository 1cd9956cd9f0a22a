import BearingPanel
import BearingSimulation

/// Writes a scenario as a commented YAML scenario file, in the layout of the bundled
/// `Scenarios/*.yaml`: every command that takes a scenario reads it back (through
/// `BearingFiles.ConfigDecoder`) into an equal `Scenario`.
///
/// Comments above a key say where its numbers came from (`FitSource`, keyed as in
/// `FittedScenario.sources`). Numbers are written in plain decimal (no exponent) in their
/// shortest exact form; keys at their default (0, absent) are left out; strings are
/// double-quoted.
public enum ScenarioYAML {
    /// A fitted scenario (its forward `scenario`), with its sources and notes as comments.
    public static func render(_ fitted: FittedScenario) -> String {
        var header = [
            "Fitted by bearing fit-scenario: \(FitText.count(fitted.historyRows)) rows, "
                + "\(FitText.count(fitted.historyCustomers)) customers, \(fitted.historyRange).",
            "Each comment says where the numbers below it came from; \"default\" marks what a panel",
            "cannot identify (docs/scenario-model.md, \"Fitting a scenario to a history\").",
        ]
        if !fitted.notes.isEmpty {
            header.append("Notes:")
            header += fitted.notes.map { "  - \($0)" }
        }
        if !fitted.matched.isEmpty {
            header.append("Matched by simulation (history -> simulated mean of the last round):")
            header += fitted.matched.map {
                "  - \($0.name): \(FitText.count(Int($0.history.rounded()))) -> \(FitText.count(Int($0.simulated.rounded())))"
            }
        }
        return render(fitted.scenario, header: header, sources: fitted.sources)
    }

    /// Any scenario; `sources` keyed as in `FittedScenario.sources`.
    public static func render(_ s: Scenario, header: [String] = [], sources: [String: FitSource] = [:]) -> String {
        var out = Writer()
        for line in header { out.comment(line, indent: 0) }
        out.line("name: \(quoted(s.name))")
        if let d = s.description { out.line("description: \(quoted(d))") }
        out.blank()

        out.entry(sources["periods"], indent: 0, "periods:")
        out.line("  start: \(quoted(s.periods.start.label))")
        out.line("  count: \(s.periods.count)")
        out.line("  granularity: \(s.periods.granularity.rawValue)")
        out.blank()

        out.line("segments:")
        for seg in s.segments {
            let key = "segments[\(seg.name)]"
            out.line("  - name: \(quoted(seg.name))")
            out.entry(sources["\(key).customers"], indent: 4, "customers: \(seg.customers)")
            out.entry(sources["\(key).arr"], indent: 4, "arr: \(flow(seg.arr))")
            out.entry(sources["\(key).fit"], indent: 4, "fit: \(flow(seg.fit))")
            out.entry(sources["\(key).csms"], indent: 4, "csms: \(seg.csms)")
            out.entry(sources["\(key).csm_skill_sd"], indent: 4, "csm_skill_sd: \(number(seg.csmSkillSD))")
            out.entry(sources["\(key).direction_effect"], indent: 4, "direction_effect: \(number(seg.directionEffect))")
            out.line("    experience_effect: \(number(seg.experienceEffect))")
            out.entry(sources["\(key).upsell_multiplier"], indent: 4, "upsell_multiplier: \(number(seg.upsellMultiplier))")
            if !seg.contracts.isEmpty {
                for suffix in ["", ".renewal_month", ".early_termination", ".uplift"] {
                    out.comment(sources["\(key).contracts\(suffix)"], indent: 4)
                }
                out.line("    contracts:")
                for c in seg.contracts {
                    var parts = ["term_months: \(c.termMonths)", "share: \(number(c.share))"]
                    if let month = c.renewalMonth { parts.append("renewal_month: \(month)") }
                    if let u = c.uplift { parts.append("uplift: {mean: \(number(u.mean)), sd: \(number(u.sd))}") }
                    if c.earlyTermination != 0 { parts.append("early_termination: \(number(c.earlyTermination))") }
                    out.line("      - {\(parts.joined(separator: ", "))}")
                }
            }
            if let logos = seg.newLogos {
                let logoKey = "\(key).new_logos"
                out.entry(sources[logoKey], indent: 4, "new_logos:")
                out.entry(sources["\(logoKey).mean"], indent: 6, "mean: \(number(logos.mean))")
                out.comment(sources["\(logoKey).sd"], indent: 6)
                if let sd = logos.sd { out.line("      sd: \(number(sd))") }
                if let arr = logos.arr {
                    out.entry(sources["\(logoKey).arr"], indent: 6, "arr: \(flow(arr))")
                }
                if let fit = logos.fit {
                    out.entry(sources["\(logoKey).fit"], indent: 6, "fit: \(flow(fit))")
                }
                out.comment(sources["\(logoKey).ramp"], indent: 6)
                if let ramp = logos.ramp { out.line("      ramp: {start: \(number(ramp.start)), periods: \(ramp.periods)}") }
                out.comment(sources["\(logoKey).start_shift"], indent: 6)
                if let shift = logos.startShift {
                    out.line("      start_shift: {direction: \(number(shift.direction)), experience: \(number(shift.experience))}")
                }
            }
        }
        out.blank()

        out.line("latent:")
        for (name, p) in [("direction", s.latent.direction), ("experience", s.latent.experience)] {
            out.entry(sources["latent.\(name)"], indent: 2, "\(name):")
            out.line("    drift: \(number(p.drift))")
            out.line("    persistence: \(number(p.persistence))")
            out.line("    noise: \(number(p.noise))")
            if let initial = p.initialSD { out.line("    initial_sd: \(number(initial))") }
            if let fit = flow(p.fit) { out.line("    fit: \(fit)") }
            out.entry(sources["latent.\(name).csm_skill"], indent: 4, "csm_skill: \(number(p.csmSkill))")
        }
        out.blank()

        out.entry(sources["categories"], indent: 0, "categories:")
        for (name, t) in [("positive", s.categories.positive), ("negative", s.categories.negative)] {
            var parts = ["direction: \(number(t.direction))"]
            if let e = t.experience { parts.append("experience: \(number(e))") }
            out.line("  \(name): {\(parts.joined(separator: ", "))}")
        }
        out.blank()

        out.entry(sources["dark"], indent: 0, "dark:")
        out.entry(sources["dark.initial"], indent: 2, "initial: \(number(s.dark.initial))")
        out.entry(sources["dark.going_dark"], indent: 2, "going_dark: \(flow(s.dark.goingDark))")
        out.entry(sources["dark.recovery"], indent: 2, "recovery: \(flow(s.dark.recovery))")
        out.blank()

        out.line("hazards:")
        out.entry(sources["hazards.churn"], indent: 2, "churn: \(flow(s.hazards.churn))")
        out.entry(sources["hazards.contraction"], indent: 2, "contraction: \(flow(s.hazards.contraction))")
        out.comment(sources["hazards.contraction_share"], indent: 2)
        out.line(
            "  contraction_share: {min: \(number(s.hazards.contractionShare.min)), max: \(number(s.hazards.contractionShare.max))}")
        out.blank()

        if s.milestones.isEmpty {
            out.line("milestones: []")
        } else {
            out.entry(sources["milestones"], indent: 0, "milestones:")
            for m in s.milestones {
                let key = "milestones[\(m.name)]"
                out.line("  - name: \(quoted(m.name))")
                out.entry(sources["\(key).upsell_arr"], indent: 4, "upsell_arr: \(number(m.upsellARR))")
                out.entry(sources["\(key).reach"], indent: 4, "reach: \(flow(m.reach))")
                out.comment(sources["\(key).take"], indent: 4)
                out.line(
                    "    take: {positive: \(number(m.take.positive)), neutral: \(number(m.take.neutral)), "
                        + "negative: \(number(m.take.negative)), ghost: \(number(m.take.ghost))}")
            }
        }
        out.blank()

        if s.features.isEmpty {
            out.line("features: []")
        } else {
            out.line("features:")
            for f in s.features {
                out.comment(sources["features[\(f.name)]"], indent: 2)
                var parts = ["name: \(quoted(f.name))", "center: \(number(f.center))", "scale: \(number(f.scale))"]
                var loadings: [String] = []
                if f.loadings.direction != 0 { loadings.append("direction: \(number(f.loadings.direction))") }
                if f.loadings.experience != 0 { loadings.append("experience: \(number(f.loadings.experience))") }
                if f.loadings.dark != 0 { loadings.append("dark: \(number(f.loadings.dark))") }
                if !loadings.isEmpty { parts.append("loadings: {\(loadings.joined(separator: ", "))}") }
                parts.append("noise: \(number(f.noise))")
                if f.missing != 0 { parts.append("missing: \(number(f.missing))") }
                if let lo = f.min { parts.append("min: \(number(lo))") }
                if let hi = f.max { parts.append("max: \(number(hi))") }
                out.line("  - {\(parts.joined(separator: ", "))}")
            }
        }
        out.blank()

        if s.shocks.isEmpty {
            out.line("shocks: []")
        } else {
            out.line("shocks:")
            for shock in s.shocks {
                var parts = ["period: \(quoted(shock.period.label))"]
                if shock.churn != 1 { parts.append("churn: \(number(shock.churn))") }
                if shock.goingDark != 1 { parts.append("going_dark: \(number(shock.goingDark))") }
                if shock.contraction != 1 { parts.append("contraction: \(number(shock.contraction))") }
                if shock.milestoneReach != 1 { parts.append("milestone_reach: \(number(shock.milestoneReach))") }
                if let segments = shock.segments { parts.append("segments: [\(segments.map(quoted).joined(separator: ", "))]") }
                out.line("  - {\(parts.joined(separator: ", "))}")
            }
        }
        if let link = s.trueLink {
            out.line("true_link:")
            out.line("  intercept: \(number(link.intercept))")
            out.line("  coefficients:")
            for (name, beta) in link.coefficients.sorted(by: { $0.key < $1.key }) {
                out.line("    \(quoted(name)): \(number(beta))")
            }
        }
        out.line("stretch_counts_as_good: \(s.stretchCountsAsGood)")
        return out.text
    }

    // MARK: Scalars

    /// A double-quoted YAML string.
    package static func quoted(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\x" + String(repeating: "0", count: max(0, 2 - hex.count)) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// The shortest decimal that reads back as `x`, without an exponent (`1e-05` is text to
    /// some YAML readers): integers without a fraction, others expanded from Swift's form.
    package static func number(_ x: Double) -> String {
        if x == 0 { return "0" }
        if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
        let text = "\(x)"
        guard let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }), let exponent = Int(text[text.index(after: e)...]) else {
            return text
        }
        var mantissa = String(text[..<e])
        let negative = mantissa.hasPrefix("-")
        if negative { mantissa.removeFirst() }
        let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        let whole = String(parts[0])
        let fraction = parts.count > 1 ? String(parts[1]) : ""
        let digits = whole + fraction
        let point = whole.count + exponent
        var result: String
        if point <= 0 {
            result = "0." + String(repeating: "0", count: -point) + digits
        } else if point >= digits.count {
            result = digits + String(repeating: "0", count: point - digits.count)
        } else {
            result = String(digits.prefix(point)) + "." + String(digits.dropFirst(point))
        }
        // Trim trailing zeros of a fraction and leading zeros of the whole part.
        if result.contains(".") {
            while result.hasSuffix("0") { result.removeLast() }
            if result.hasSuffix(".") { result.removeLast() }
        }
        while result.count > 1, result.hasPrefix("0"), !result.hasPrefix("0.") { result.removeFirst() }
        return (negative ? "-" : "") + result
    }

    static func flow(_ e: LogisticEffect) -> String {
        var parts = ["intercept: \(number(e.intercept))"]
        if e.direction != 0 { parts.append("direction: \(number(e.direction))") }
        if e.experience != 0 { parts.append("experience: \(number(e.experience))") }
        if e.dark != 0 { parts.append("dark: \(number(e.dark))") }
        if let fit = flow(e.fit) { parts.append("fit: \(fit)") }
        return "{\(parts.joined(separator: ", "))}"
    }

    static func flow(_ arr: SegmentSpec.ARRDistribution) -> String {
        "{median: \(number(arr.median)), sigma: \(number(arr.sigma))}"
    }

    /// Every share, zeros included (unlike a `FitEffect`'s flow).
    static func flow(_ fit: SegmentSpec.FitMix) -> String {
        "{good: \(number(fit.good)), stretch: \(number(fit.stretch)), bad: \(number(fit.bad))}"
    }

    static func flow(_ fit: FitEffect) -> String? {
        var parts: [String] = []
        if fit.good != 0 { parts.append("good: \(number(fit.good))") }
        if fit.stretch != 0 { parts.append("stretch: \(number(fit.stretch))") }
        if fit.bad != 0 { parts.append("bad: \(number(fit.bad))") }
        return parts.isEmpty ? nil : "{\(parts.joined(separator: ", "))}"
    }

    /// Accumulates lines.
    struct Writer {
        var text = ""

        mutating func line(_ s: String) { text += s + "\n" }

        mutating func blank() { text += "\n" }

        /// One `key: value` line (`s`) at `indent`, after the comment saying where its value came from.
        mutating func entry(_ source: FitSource?, indent: Int, _ s: String) {
            comment(source, indent: indent)
            line(String(repeating: " ", count: indent) + s)
        }

        mutating func comment(_ source: FitSource?, indent: Int) {
            guard let source else { return }
            comment(source.description, indent: indent)
        }

        mutating func comment(_ s: String, indent: Int) {
            let flat = s.split(whereSeparator: \.isNewline).joined(separator: " ")
            line(String(repeating: " ", count: indent) + "# " + flat)
        }
    }
}
