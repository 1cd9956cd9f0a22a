import Testing
@testable import BearingFiles

// Replaced by the module's real tests.
@Test func BearingFilesBuilds() { #expect(Bool(true)) }
