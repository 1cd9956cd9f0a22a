import Testing
@testable import BearingMetrics

// Replaced by the module's real tests.
@Test func BearingMetricsBuilds() { #expect(Bool(true)) }
