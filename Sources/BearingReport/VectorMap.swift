/// The customers on the vector map: each at (direction, magnitude) in one period, with where it
/// was the period before.
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
    /// Every customer scored in the period, in customer-id order.
    package var points: [Point]
    /// Customers per category in the period.
    package var categoryCounts: [String: Int]

    package init(period: String, previousPeriod: String?, points: [Point], categoryCounts: [String: Int]) {
        self.period = period
        self.previousPeriod = previousPeriod
        self.points = points
        self.categoryCounts = categoryCounts
    }
}
