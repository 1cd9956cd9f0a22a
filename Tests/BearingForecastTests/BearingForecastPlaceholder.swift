import Testing
@testable import BearingForecast

// Replaced by the module's real tests.
@Test func BearingForecastBuilds() { #expect(Bool(true)) }
