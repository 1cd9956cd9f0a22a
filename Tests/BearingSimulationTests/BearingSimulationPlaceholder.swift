import Testing
@testable import BearingSimulation

// Replaced by the module's real tests.
@Test func BearingSimulationBuilds() { #expect(Bool(true)) }
