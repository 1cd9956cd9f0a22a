/// One row's checked values (interned indices, parsed cells), gathered cell by cell before the
/// row is stored; the defaults are what an empty optional cell means.
struct RowValues {
    var customer: Int32 = -1
    var period: Period
    var segment: Int32 = -1
    var fit = Fit.good
    var csm: Int32 = -1
    var arr = 0.0
    /// nil: the outcome is unknown (an empty `churned` cell).
    var churned: Bool? = false
    var expansion = 0.0
    var contraction = 0.0
    var milestone: Int32 = -1
    var milestoneReached: Int8 = -1
}

extension PanelBuilder {
    /// Stores a checked row in the current batch slot and updates the cross-row bookkeeping.
    @inline(__always)
    mutating func store(_ values: RowValues, line: Int) throws(PanelError) {
        try store(
            customer: values.customer, period: values.period, segment: values.segment, fit: values.fit, csm: values.csm,
            arr: values.arr, churned: values.churned, expansion: values.expansion, contraction: values.contraction,
            milestone: values.milestone, milestoneReached: values.milestoneReached, line: line)
    }
}
