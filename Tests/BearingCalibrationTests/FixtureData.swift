import Foundation
import Testing

@testable import BearingCalibration

/// Loads the committed fixtures written by `reference/make_reference.py`.
enum FixtureData {
    struct Table {
        var labels: [Bool]
        /// One column per feature; empty cell → NaN.
        var columns: [[Float]]
        var names: [String]
    }

    static func url(_ name: String) throws -> URL {
        let parts = name.split(separator: ".")
        return try #require(
            Bundle.module.url(forResource: String(parts[0]), withExtension: String(parts[1]), subdirectory: "Fixtures"))
    }

    /// `churned,x1,...` CSV with plain decimal cells (no quoting).
    static func table(_ name: String) throws -> Table {
        let text = try String(contentsOf: url(name), encoding: .utf8)
        var lines = text.split(separator: "\n")
        let header = lines.removeFirst().split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        var labels: [Bool] = []
        var columns = [[Float]](repeating: [], count: header.count - 1)
        for line in lines {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false)
            labels.append(cells[0] == "1")
            for j in 1..<cells.count { columns[j - 1].append(cells[j].isEmpty ? .nan : try #require(Float(cells[j]))) }
        }
        return Table(labels: labels, columns: columns, names: Array(header.dropFirst()))
    }

    /// `churned,probability` CSV as Double probabilities.
    static func scores(_ name: String) throws -> (labels: [Bool], probabilities: [Double]) {
        let text = try String(contentsOf: url(name), encoding: .utf8)
        var labels: [Bool] = []
        var probabilities: [Double] = []
        for line in text.split(separator: "\n").dropFirst() {
            let cells = line.split(separator: ",")
            labels.append(cells[0] == "1")
            probabilities.append(try #require(Double(cells[1])))
        }
        return (labels, probabilities)
    }

    struct Reference: Decodable {
        struct Fit: Decodable {
            var fixture: String
            var C: Double
            var means: [Double]
            var scales: [Double]
            var missing_counts: [Int]
            var intercept: Double
            var coefficients: [Double]
            var objective: Double
        }
        struct Curve: Decodable {
            var fpr: [Double]
            var tpr: [Double]
            var thresholds: [Double?]?
        }
        struct Reliability: Decodable {
            var mean_predicted: [Double]
            var fraction_positive: [Double]
            var count: [Int]
        }
        struct Metrics: Decodable {
            var auc: Double
            var brier: Double
            var log_loss: Double
            var ece: Double
            var top_decile_lift: Double
            var reliability: Reliability
            var roc: Curve
            var roc_all: Curve
        }
        var fits: [Fit]
        var metrics: Metrics
    }

    static func reference() throws -> Reference {
        try JSONDecoder().decode(Reference.self, from: Data(contentsOf: url("reference.json")))
    }
}
