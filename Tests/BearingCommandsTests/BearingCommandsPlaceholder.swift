import Testing
@testable import BearingCommands

// Replaced by the module's real tests.
@Test func BearingCommandsBuilds() { #expect(Bool(true)) }
