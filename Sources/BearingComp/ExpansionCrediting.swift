import BearingMetrics

/// Where a plan's payment windows put the expansion ARR of a range: how the crediting rule of
/// `BookLedger` (a customer belongs, for a whole window, to the CSM who owned it at the window's
/// first period) plays out on this history. Dollars of expansion ARR on rows whose outcome is
/// known; `ownCSM + earlierOwner + lateAssignment + unassigned = total`.
///
/// With one panel period per window (a quarterly plan on a quarterly panel) every row's
/// expansion goes to the row's own CSM or, without one, to nobody. Longer windows (an annual
/// plan) credit a whole window's expansion to the window-start owner, including expansion after
/// the account moved to another CSM, and credit nobody for customers who arrived or were
/// assigned after the window started.
public struct ExpansionCrediting: Sendable, Hashable, Codable {
    /// All expansion ARR in the range.
    @NaNAsNull public var total: Double
    /// Credited to the CSM the expansion's row names.
    @NaNAsNull public var ownCSM: Double
    /// Credited to the window-start owner although the row names another CSM or none (the
    /// account moved or was unassigned during the window).
    @NaNAsNull public var earlierOwner: Double
    /// Credited to nobody: the row names a CSM, but the customer was in no book at the window's
    /// start (a new customer, or one assigned during the window).
    @NaNAsNull public var lateAssignment: Double
    /// Credited to nobody: the row names no CSM and the customer had no owner at the window's start.
    @NaNAsNull public var unassigned: Double

    public init(total: Double = 0, ownCSM: Double = 0, earlierOwner: Double = 0, lateAssignment: Double = 0, unassigned: Double = 0) {
        self.total = total
        self.ownCSM = ownCSM
        self.earlierOwner = earlierOwner
        self.lateAssignment = lateAssignment
        self.unassigned = unassigned
    }

    /// Expansion ARR credited to some CSM's book.
    public var credited: Double { ownCSM + earlierOwner }
}
