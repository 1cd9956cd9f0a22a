import Foundation

/// Helpers shared by Bearing's test targets.
package enum TestSupport {
    /// A fresh temporary directory, unique per call.
    package static func temporaryDirectory(_ label: String = "bearing-test") throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(label)-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// True when |a - b| <= tolerance (absolute).
    package static func close(_ a: Double, _ b: Double, tolerance: Double) -> Bool {
        abs(a - b) <= tolerance
    }
}
