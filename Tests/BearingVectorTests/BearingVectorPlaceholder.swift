import Testing
@testable import BearingVector

// Replaced by the module's real tests.
@Test func BearingVectorBuilds() { #expect(Bool(true)) }
