import BearingPanel

/// Why a payout run could not be made. Messages say what to change.
public enum CompError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The chosen range holds no period of the panel.
    case emptyRange(from: String?, to: String?, available: [String])
    /// A range bound is a month on a quarterly panel or the reverse.
    case granularityMismatch(bound: String, panel: Granularity)
    /// A survey component needs a panel column the history lacks.
    case missingFeature(String)
    /// The plan pays on vector-forecast attainment but no forecast was given.
    case missingVectorForecast(plan: String)
    /// Building the vector forecast of a stress trial failed.
    case vectorForecastFailed(String)
    /// The ledger was built for another payment period than the plan's.
    case paymentPeriodMismatch(plan: String, planPeriod: PaymentPeriod, ledgerPeriod: PaymentPeriod)
    /// Two payout runs compared side by side cover different panel periods.
    case windowsDiffer(String, String)

    public var description: String {
        switch self {
        case .emptyRange(let from, let to, let available):
            let shown = available.isEmpty ? "none" : "\(available.first ?? "")...\(available.last ?? "")"
            return "no period of the history lies in \(from ?? "start")...\(to ?? "end"); the history has \(shown)"
        case .granularityMismatch(let bound, let granularity):
            let example = granularity == .quarter ? "2025-Q1" : "2025-01"
            return "period \(bound) does not match the history's \(granularity.rawValue)ly periods; write it like \(example)"
        case .missingFeature(let name):
            return "the history has no column '\(name)', which a plan's survey component averages; add it or set the component's 'feature'"
        case .missingVectorForecast(let plan):
            return "plan '\(plan)' pays on vector_forecast_attainment, which needs the vector forecast per CSM and period"
        case .vectorForecastFailed(let message):
            return "the vector forecast of a simulated history failed: \(message)"
        case .paymentPeriodMismatch(let plan, let planPeriod, let ledgerPeriod):
            return "plan '\(plan)' pays \(planPeriod.rawValue) but the books were built for \(ledgerPeriod.rawValue) payment periods"
        case .windowsDiffer(let a, let b):
            return "plans '\(a)' and '\(b)' cover different periods of the history; compare plans over the same --from/--to range"
        }
    }
}
