import Testing
@testable import BearingRandom

// Replaced by the module's real tests.
@Test func BearingRandomBuilds() { #expect(Bool(true)) }
