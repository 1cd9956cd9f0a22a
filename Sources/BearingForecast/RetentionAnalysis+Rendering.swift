import Foundation

extension RetentionAnalysis {
    /// The plain-text report `bearing retention` prints: the chosen model's parameters, the
    /// sBG-vs-BdW comparison, each cohort's actual and fitted survivors, the projection and the
    /// lifetimes.
    public func render() -> String {
        func f(_ x: Double, _ digits: Int = 4) -> String { String(format: "%.\(digits)f", x) }
        var s: String
        switch model {
        case .sbg: s = "Shifted-beta-geometric retention fit (Fader & Hardie 2007)\n"
        case .bdw: s = "Beta-discrete-Weibull retention fit (Fader, Hardie, Liu, Davin & Steenburgh 2018)\n"
        }
        let iterations = (model == .sbg ? sbg?.iterations : bdw?.iterations) ?? 0
        s += "  customers \(customers) in \(cohorts.count) cohort(s); \(iterations) Newton iterations\n"
        if model == .bdw, let bdw {
            s += "  alpha           \(f(bdw.alpha))  (se \(f(bdw.alphaStandardError)))\n"
            s += "  beta            \(f(bdw.beta))  (se \(f(bdw.betaStandardError)))\n"
            s += "  c               \(f(bdw.c))  (se \(f(bdw.cStandardError)))"
            s += bdw.c < 1 ? "  c < 1: individual churn falls with tenure\n" : "  c >= 1: individual churn constant or rising with tenure\n"
        } else if let sbg {
            s += "  alpha           \(f(sbg.alpha))  (se \(f(sbg.alphaStandardError)))\n"
            s += "  beta            \(f(sbg.beta))  (se \(f(sbg.betaStandardError)))\n"
        }
        s += "  log-likelihood  \(f(logLikelihood, 3))\n"
        s += "  churn probability in period 1: \(f(alpha / (alpha + beta) * 100, 1))%\n\n"

        if let comparison, let sbg, let bdw {
            s += "Model comparison (sBG is BdW with c = 1)\n"
            s += "  model  parameters  log-likelihood        AIC\n"
            s += "  sBG    " + pad("2", 10) + pad(f(sbg.logLikelihood, 3), 16) + pad(f(sbg.aic, 3), 11) + "\n"
            s += "  BdW    " + pad("3", 10) + pad(f(bdw.logLikelihood, 3), 16) + pad(f(bdw.aic, 3), 11) + "\n"
            let p = comparison.pValue < 1e-4 ? String(format: "%.2e", comparison.pValue) : f(comparison.pValue)
            s += "  likelihood ratio \(f(comparison.statistic, 3)) on \(comparison.degreesOfFreedom) df, p = \(p): "
            s +=
                comparison.rejectsSBG()
                ? "churn changes with tenure beyond sBG's sorting (c != 1 at 5%)"
                : "no evidence against sBG's constant individual churn (c = 1) at 5%"
            s += "; lower AIC: \(comparison.lowerAIC == .bdw ? "BdW" : "sBG")\n\n"
        }
        for note in notes { s += "Note: \(note)\n" }
        if !notes.isEmpty { s += "\n" }

        for c in cohorts {
            s += "Cohort \(c.cohort): survivors, actual vs fitted\n"
            s += "  period    actual    fitted  actual%  fitted%\n"
            let n0 = Double(c.survivors[0])
            for (t, n) in c.survivors.enumerated() {
                let fitted = c.fittedSurvivors[t]
                s += "  " + pad(String(t), 6) + pad(String(n), 10) + pad(f(fitted, 1), 10)
                s += pad(f(Double(n) / n0 * 100, 1), 9) + pad(f(fitted / n0 * 100, 1), 9) + "\n"
            }
            s += "\n"
        }
        if !projection.isEmpty {
            s += "Projection (share of a new cohort)\n  period  survival  retention\n"
            for row in projection {
                s += "  " + pad(String(row.period), 6) + pad(f(row.survival * 100, 1) + "%", 10)
                s += pad(f(row.retention * 100, 1) + "%", 11) + "\n"
            }
            s += "\n"
        }
        if let e = expectedLifetime {
            s += "Expected lifetime: \(f(e, 2)) periods (\(expectedLifetimeNote))\n"
        } else {
            s += "Expected lifetime: \(expectedLifetimeNote)\n"
        }
        let rate = f(discountRate * 100, 1) + "%"
        if let del = discountedExpectedLifetime {
            s += "Discounted expected lifetime at \(rate): \(f(del, 3)) periods for a new customer\n"
        }
        for c in cohorts {
            if let derl = c.discountedExpectedResidualLifetime {
                s +=
                    "Discounted expected residual lifetime at \(rate), cohort \(c.cohort) customer active after period \(c.survivors.count - 1): \(f(derl, 3)) periods\n"
            }
        }
        return s
    }

    private func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : String(repeating: " ", count: width - text.count) + text
    }
}
