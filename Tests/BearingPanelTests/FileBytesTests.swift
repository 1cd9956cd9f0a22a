import Foundation
import Testing

@testable import BearingPanel

/// A file in memory: mapped when regular, read otherwise; the same bytes either way, and
/// writes to a mapping never reach the file.
@Suite struct FileBytesTests {
    static func temporaryFile(_ bytes: [UInt8]) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("bearing-filebytes-\(UUID()).csv")
        try Data(bytes).write(to: url)
        return url
    }

    @Test func aRegularFileIsMappedWithItsBytes() throws {
        var rng = SystemRandomNumberGenerator()
        let bytes = (0..<100_003).map { _ in UInt8.random(in: 0...255, using: &rng) }
        let url = try Self.temporaryFile(bytes)
        defer { try? FileManager.default.removeItem(at: url) }
        let file = try FileBytes(path: url.path, fileName: "x.csv")
        #expect(Array(file.buffer) == bytes)
        #expect(try Data(contentsOf: url) == Data(bytes))
    }

    @Test func emptyFilesAndDevicesAreReadNotMapped() throws {
        let url = try Self.temporaryFile([])
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(try FileBytes(path: url.path, fileName: "empty.csv").buffer.isEmpty)
        #expect(try FileBytes(path: "/dev/null", fileName: "/dev/null").buffer.isEmpty)
    }

    @Test func aMissingFileIsAnIOError() {
        #expect(throws: PanelError.self) { try FileBytes(path: "/nonexistent/bearing.csv", fileName: "h.csv") }
        do {
            _ = try FileBytes(path: "/nonexistent/bearing.csv", fileName: "h.csv")
        } catch {
            #expect(error.kind == .io && error.description.hasPrefix("h.csv: expected a readable file"))
        }
    }
}
