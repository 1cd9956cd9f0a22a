import Testing
@testable import BearingCalibration

// Replaced by the module's real tests.
@Test func BearingCalibrationBuilds() { #expect(Bool(true)) }
