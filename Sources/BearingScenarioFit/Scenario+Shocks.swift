import BearingSimulation

extension Scenario {
    /// This scenario with `requests` added to its shocks (in order, after its own), checked
    /// against its horizon and segments.
    public func addingShocks(_ requests: [ShockRequest]) throws(ShockTextError) -> Scenario {
        var copy = self
        for request in requests { copy.shocks += try request.shocks(for: self) }
        return copy
    }
}
