/// The customers drawn on the vector map: each at (direction, magnitude) in one period, with
/// where it was the period before.
package struct VectorMap: Sendable {
    package struct Point: Sendable, Equatable {
        package var customerID: String
        package var segment: String
        package var direction: Double
        package var magnitude: Double
        package var category: String
        package var badFit: Bool
        package var previous: (direction: Double, magnitude: Double)?

        package init(
            customerID: String, segment: String, direction: Double, magnitude: Double, category: String, badFit: Bool,
            previous: (direction: Double, magnitude: Double)? = nil
        ) {
            self.customerID = customerID
            self.segment = segment
            self.direction = direction
            self.magnitude = magnitude
            self.category = category
            self.badFit = badFit
            self.previous = previous
        }

        package static func == (a: Point, b: Point) -> Bool {
            a.customerID == b.customerID && a.segment == b.segment && a.direction == b.direction && a.magnitude == b.magnitude
                && a.category == b.category && a.badFit == b.badFit && a.previous?.direction == b.previous?.direction
                && a.previous?.magnitude == b.previous?.magnitude
        }
    }

    package var period: String
    package var previousPeriod: String?
    /// The points drawn (a sample when the period has more customers than the limit).
    package var points: [Point]
    /// Customers scored in the period, before sampling.
    package var totalCustomers: Int
    /// Customers per category in the whole period (not only the sample).
    package var categoryCounts: [String: Int]

    package init(period: String, previousPeriod: String?, points: [Point], totalCustomers: Int, categoryCounts: [String: Int]) {
        self.period = period
        self.previousPeriod = previousPeriod
        self.points = points
        self.totalCustomers = totalCustomers
        self.categoryCounts = categoryCounts
    }

    /// A deterministic sample of at most `limit` points: those with the smallest FNV-1a hash of
    /// the customer id (ties by id), returned in id order. The same customers are chosen
    /// whatever the input order, and a customer in the sample stays in it when the limit grows.
    package static func sample(_ points: [Point], limit: Int) -> [Point] {
        guard points.count > limit else { return points.sorted { $0.customerID < $1.customerID } }
        let keyed = points.map { (hash: fnv1a($0.customerID), point: $0) }
        let chosen = keyed.sorted { $0.hash != $1.hash ? $0.hash < $1.hash : $0.point.customerID < $1.point.customerID }
            .prefix(max(0, limit))
        return chosen.map(\.point).sorted { $0.customerID < $1.customerID }
    }

    /// 64-bit FNV-1a of the UTF-8 bytes.
    static func fnv1a(_ s: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in s.utf8 {
            h ^= UInt64(b)
            h &*= 0x0000_0100_0000_01B3
        }
        return h
    }
}
