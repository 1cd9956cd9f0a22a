import BearingMetrics
import BearingPanel

/// Prices a compensation plan on a ledger of CSM books.
///
/// Per CSM and payment window (`years` = window length in years):
/// - base = OTE × base share × years;
/// - each component pays `OTE × variable share × weight × years × factor(attainment)`
///   (see `PlanComponent`); expansion targets are per full payment period and scale by the
///   window's `paymentFraction`;
/// - the revenue-share commission pays the CSM `csm share × commission rate × expansion ARR`;
/// - clawbacks (see `Clawback`) are deducted in the window of the churn.
/// A window where the CSM has no book pays base only; its attainments are NaN (`CompEdgeCases`
/// lists such windows so they are not paid silently).
public enum PayoutEngine {
    /// Every feature column the plans' survey components read (distinct, in first-use order):
    /// what to pass to `BookLedger(features:)`.
    public static func features(of plans: [CompensationPlan]) -> [String] {
        var names: [String] = []
        for plan in plans {
            for c in plan.components {
                if let f = c.featureName, !names.contains(f) { names.append(f) }
            }
        }
        return names
    }

    /// Pays several plans over the same `from...to` of one panel, building one ledger per
    /// payment period for all of them. Results in plan order.
    public static func payAll(
        _ plans: [CompensationPlan], panel: HistoryPanel, from: Period? = nil, to: Period? = nil,
        vectorForecast: VectorForecastTable? = nil
    ) throws(CompError) -> [PlanPayouts] {
        let features = features(of: plans)
        var ledgers: [PaymentPeriod: BookLedger] = [:]
        var runs: [PlanPayouts] = []
        runs.reserveCapacity(plans.count)
        for plan in plans {
            let ledger: BookLedger
            if let built = ledgers[plan.paymentPeriod] {
                ledger = built
            } else {
                ledger = try BookLedger(panel: panel, paymentPeriod: plan.paymentPeriod, from: from, to: to, features: features)
                ledgers[plan.paymentPeriod] = ledger
            }
            runs.append(try pay(plan, ledger: ledger, vectorForecast: vectorForecast))
        }
        return runs
    }

    /// Builds the ledger and pays `plan` over `from...to` of the panel.
    public static func pay(
        _ plan: CompensationPlan, panel: HistoryPanel, from: Period? = nil, to: Period? = nil,
        vectorForecast: VectorForecastTable? = nil
    ) throws(CompError) -> PlanPayouts {
        let ledger = try BookLedger(
            panel: panel, paymentPeriod: plan.paymentPeriod, from: from, to: to, features: features(of: [plan]))
        return try pay(plan, ledger: ledger, vectorForecast: vectorForecast)
    }

    /// Pays `plan` on a ledger built for its payment period with its survey features.
    public static func pay(
        _ plan: CompensationPlan, ledger: BookLedger, vectorForecast: VectorForecastTable? = nil
    ) throws(CompError) -> PlanPayouts {
        guard plan.paymentPeriod == ledger.paymentPeriod else {
            throw .paymentPeriodMismatch(plan: plan.name, planPeriod: plan.paymentPeriod, ledgerPeriod: ledger.paymentPeriod)
        }
        var featureSlot: [Int?] = []
        for c in plan.components {
            if let f = c.featureName {
                guard let slot = ledger.featureNames.firstIndex(of: f) else { throw .missingFeature(f) }
                featureSlot.append(slot)
            } else {
                featureSlot.append(nil)
            }
            if c.metric == .vectorForecastAttainment, vectorForecast == nil {
                throw .missingVectorForecast(plan: plan.name)
            }
        }

        let share = plan.csmExpansionShare
        let commissionRate = plan.revenueShare?.commissionRate ?? 0
        let salesShare = plan.revenueShare?.sales ?? 0
        let csmCount = ledger.csmIDs.count
        var lines: [PayoutLine] = []
        lines.reserveCapacity(ledger.windows.count * csmCount)
        // Expansion-linked component pay per dollar of the book's expansion ARR, for clawbacks.
        var linkedPerDollar = Array(repeating: 0.0, count: ledger.windows.count * csmCount)

        for (w, window) in ledger.windows.enumerated() {
            for (s, csmID) in ledger.csmIDs.enumerated() {
                let book = ledger.book(csm: s, window: w)
                let t = book.tally
                var components: [ComponentPayout] = []
                components.reserveCapacity(plan.components.count)
                var linked = 0.0
                for (k, c) in plan.components.enumerated() {
                    var target = c.target
                    let actual: Double
                    if !book.hasBook {
                        actual = .nan
                    } else {
                        switch c.metric {
                        case .renewalRate: actual = t.startARR > 0 ? (t.startARR - t.churnedARR) / t.startARR : .nan
                        case .grr: actual = t.grr
                        case .nrr: actual = t.nrr
                        case .logoRetention: actual = t.logoRetention
                        case .expansionARR:
                            actual = share * t.expansionARR
                            target *= window.paymentFraction
                        case .nps, .csat, .ces: actual = featureSlot[k].map { book.featureMean($0) } ?? .nan
                        case .vectorForecastAttainment:
                            if let f = vectorForecast?.total(csmID: csmID, periods: window.periods), f > 0 {
                                actual = t.expansionARR / f
                            } else {
                                actual = .nan
                            }
                        }
                    }
                    var scaled = c
                    scaled.target = target
                    let attainment = scaled.attainment(actual: actual)
                    let targetPayout = plan.ote * plan.split.variable * c.weight * window.years
                    let payout = targetPayout * c.payoutFactor(attainment: attainment)
                    if c.metric.isExpansionLinked { linked += payout }
                    components.append(
                        ComponentPayout(
                            metric: c.metric, actual: actual, attainment: attainment, targetPayout: targetPayout,
                            payout: payout))
                }
                if t.expansionARR > 0 { linkedPerDollar[w * csmCount + s] = linked / t.expansionARR }
                lines.append(
                    PayoutLine(
                        csmID: csmID, window: window.label, hasBook: book.hasBook, book: t,
                        base: plan.ote * plan.split.base * window.years, components: components,
                        commission: share * commissionRate * t.expansionARR,
                        salesCommission: salesShare * commissionRate * t.expansionARR, clawback: 0))
            }
        }

        if let clawback = plan.clawback {
            let reach = clawback.periodWindow(for: ledger.granularity)
            for churned in ledger.churnedExpansions {
                for e in churned.expansions {
                    let gap = Int(churned.churnPeriod.ordinal - e.period.ordinal)
                    guard gap >= 0, gap <= reach else { continue }
                    let attributable = e.arr * (linkedPerDollar[e.window * csmCount + e.csm] + share * commissionRate)
                    lines[churned.churnWindow * csmCount + e.csm].clawback += clawback.fraction * attributable
                }
            }
        }
        return PlanPayouts(
            planName: plan.name, paymentPeriod: plan.paymentPeriod, windows: ledger.windows, csmIDs: ledger.csmIDs,
            lines: lines, periodBooks: ledger.periodBooks, crediting: ledger.crediting)
    }
}
