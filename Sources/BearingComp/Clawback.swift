import BearingPanel
import _BearingText

/// Recovers expansion pay when the account churns soon after the expansion was paid.
///
/// An expansion in panel period `p` is clawed back when its customer churns in a period `q` with
/// `0 <= q - p <= ceil(days / period length in days)` (quarter = 91.3125 days, month = 30.4375):
/// 90 days on a quarterly panel means the same or the next quarter. The amount is `fraction` of
/// the pay attributable to that expansion: its commission plus the expansion-linked components'
/// payout in proportion to its share of the book's expansion ARR. It is deducted from the CSM who
/// was paid, in the payment period of the churn.
public struct Clawback: Sendable, Hashable, Decodable {
    /// Days after an expansion within which a churn triggers the clawback.
    public var days: Int
    /// Share of the attributable pay recovered, in (0, 1].
    public var fraction: Double

    public init(days: Int, fraction: Double = 1) {
        self.days = days
        self.fraction = fraction
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case days, fraction
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let days = try c.decode(CheckedDays.self, forKey: .days).value
        let fraction = try c.checkedIfPresent(.fraction, Weight.self) ?? 1
        self.init(days: days, fraction: fraction)
    }

    /// The largest period gap `q - p` the window covers on a panel of this granularity.
    public func periodWindow(for granularity: Granularity) -> Int {
        Int((Double(days) / granularity.days).rounded(.up))
    }
}
