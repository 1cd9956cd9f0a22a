#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Running totals for the retention metrics of one group of customers over one window of periods.
///
/// The window's customers are those present at its first period (a start-of-window cohort, the
/// usual convention for NRR and GRR): their ARR at that start is `startARR`; expansion, contraction
/// and churned ARR are summed over the window's periods for those customers only. Customers who
/// join mid-window are left out, so a growing book does not inflate retention.
public struct RetentionTally: Sendable, Hashable, Codable {
    public var startCustomers: Int = 0
    public var retainedCustomers: Int = 0
    public var startARR: Double = 0
    public var expansionARR: Double = 0
    public var contractionARR: Double = 0
    /// ARR lost to churn: the churned customers' ARR at the start of their churn period.
    public var churnedARR: Double = 0
    /// Losses GRR counts: per customer, contraction + churned ARR capped at that customer's
    /// start ARR (a customer that expanded and then churned loses its start ARR, not more,
    /// because GRR leaves expansion out).
    public var grossLossARR: Double = 0

    public init() {}

    /// Adds one customer's whole window.
    public mutating func addCustomer(
        startARR: Double, expansion: Double, contraction: Double, churnedARR: Double, retained: Bool
    ) {
        startCustomers += 1
        retainedCustomers += retained ? 1 : 0
        self.startARR += startARR
        expansionARR += expansion
        contractionARR += contraction
        self.churnedARR += churnedARR
        grossLossARR += min(startARR, contraction + churnedARR)
    }

    /// Adds another tally's totals (groups roll up by addition).
    public mutating func merge(_ other: RetentionTally) {
        startCustomers += other.startCustomers
        retainedCustomers += other.retainedCustomers
        startARR += other.startARR
        expansionARR += other.expansionARR
        contractionARR += other.contractionARR
        churnedARR += other.churnedARR
        grossLossARR += other.grossLossARR
    }

    public func merged(with other: RetentionTally) -> RetentionTally {
        var copy = self
        copy.merge(other)
        return copy
    }

    /// Net revenue retention: (start + expansion - contraction - churned) / start. NaN when start ARR is 0.
    public var nrr: Double {
        startARR > 0 ? (startARR + expansionARR - contractionARR - churnedARR) / startARR : .nan
    }

    /// Gross revenue retention: (start - Σ per-customer min(start, contraction + churned)) / start,
    /// so at most 100% and never below 0. NaN when start ARR is 0.
    public var grr: Double {
        startARR > 0 ? min(1, (startARR - grossLossARR) / startARR) : .nan
    }

    /// Logo retention: retained customers / starting customers. NaN when there were none.
    public var logoRetention: Double {
        startCustomers > 0 ? Double(retainedCustomers) / Double(startCustomers) : .nan
    }

    /// Share of starting customers that churned in the window.
    public var logoChurnRate: Double {
        startCustomers > 0 ? Double(startCustomers - retainedCustomers) / Double(startCustomers) : .nan
    }

    /// Customer lifetime value per customer: average ARR x gross margin / churn rate, where churn rate is
    /// the logo churn rate per year implied by the window (`periodsPerYear / windowPeriods` scales it).
    /// Infinite when nobody churned; NaN with no customers.
    public func cltv(grossMargin: Double, windowPeriods: Int, periodsPerYear: Int) -> Double {
        guard startCustomers > 0, windowPeriods > 0 else { return .nan }
        let averageARR = startARR / Double(startCustomers)
        let perWindow = logoChurnRate
        // Annualise as a rate: 1 - (1 - p)^(periodsPerYear / window).
        let annual = 1 - pow(1 - perWindow, Double(periodsPerYear) / Double(windowPeriods))
        return annual > 0 ? averageARR * grossMargin / annual : .infinity
    }
}
