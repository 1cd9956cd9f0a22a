import BearingMetrics

/// A customer's ARR movements over the simulated window, summed as the kernels walk its
/// periods, for its cohort's `RetentionTally`.
struct CustomerWindow {
    let startARR: Double
    var expansion = 0.0
    var contraction = 0.0
    /// The ARR lost when the customer churned (0 while it stays).
    var churnedARR = 0.0
    var retained = true

    init(startARR: Double) {
        self.startARR = startARR
    }

    /// One period's movements of a customer that stays.
    @inline(__always)
    mutating func add(expansion: Double, contraction: Double) {
        self.expansion += expansion
        self.contraction += contraction
    }

    /// The customer churned, holding `arr`.
    @inline(__always)
    mutating func churn(arr: Double) {
        churnedARR = arr
        retained = false
    }

    /// Adds the whole window to `tally`.
    func add(to tally: inout RetentionTally) {
        tally.addCustomer(
            startARR: startARR, expansion: expansion, contraction: contraction, churnedARR: churnedARR, retained: retained)
    }
}
