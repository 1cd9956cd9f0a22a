import BearingMetrics
import BearingSimulation
import Foundation

/// `trials.csv`: one row per trial, one column per group and metric.
///
/// Header: `trial`, `customer_periods`, then `<group>.<metric>` for every group of
/// `AggregateGroup.all(segmentCount:)` and every `TrialMetric`, e.g. `all.nrr`,
/// `cohort[bad-fit].churned_arr`, `segment[Small Agency].cohort[good-fit positive].grr`.
/// Numbers are written in Swift's shortest round-trip form; NaN (e.g. NRR of a cohort with no
/// customers) is an empty cell. Fields are quoted per RFC 4180 when needed.
public struct TrialsTable: Sendable {
    public let segmentNames: [String]
    public let groups: [AggregateGroup]

    public init(segmentNames: [String]) {
        self.segmentNames = segmentNames
        self.groups = AggregateGroup.all(segmentCount: segmentNames.count)
    }

    public static let fileName = "trials.csv"

    /// The header's fields.
    public var columns: [String] {
        var fields = ["trial", "customer_periods"]
        for g in groups {
            let label = g.label(segmentNames: segmentNames)
            for m in TrialMetric.allCases { fields.append("\(label).\(m.rawValue)") }
        }
        return fields
    }

    /// The header line, without a line break.
    public var header: String {
        let csv = CSVWriter(header: columns)
        return String(decoding: csv.drain().dropLast(), as: UTF8.self)
    }

    /// The whole file: header and one row per trial, in the order given.
    public func render(_ trials: [TrialAggregates]) -> [UInt8] {
        let csv = CSVWriter(header: columns)
        for t in trials {
            csv.field(t.trial)
            csv.field(t.counts.customerPeriods)
            for g in groups {
                let tally = t.tally(g)
                for m in TrialMetric.allCases { csv.field(m.value(tally)) }
            }
            csv.endRow()
        }
        return csv.bytes
    }

    /// Reads back a `trials.csv` written for the same segments (e.g. to merge shards): the
    /// per segment x cohort tallies are exact (numbers round-trip), so summaries recomputed from
    /// the result equal the originals. Per-period event counts are not in the file: the result's
    /// `counts` has one period holding `customer_periods`.
    public func parse(_ text: String, file: String = "trials.csv") throws(TrialsTableError) -> [TrialAggregates] {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }
        if lines.last?.isEmpty == true { lines.removeLast() }
        guard let first = lines.first, first == header else {
            throw TrialsTableError(file: file, line: 1, message: "the header does not match this scenario's segments and metrics")
        }
        let segments = segmentNames.count
        let metrics = TrialMetric.allCases
        let offset = Dictionary(uniqueKeysWithValues: metrics.enumerated().map { ($1, $0) })
        func column(_ group: Int, _ metric: TrialMetric) -> Int {
            2 + group * metrics.count + (offset[metric] ?? 0)
        }
        var result: [TrialAggregates] = []
        for (i, line) in lines.enumerated().dropFirst() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            guard fields.count == 2 + groups.count * metrics.count else {
                throw TrialsTableError(
                    file: file, line: i + 1, message: "expected \(2 + groups.count * metrics.count) fields, found \(fields.count)")
            }
            func number(_ index: Int) throws(TrialsTableError) -> Double {
                guard let x = Double(fields[index]), x.isFinite else {
                    throw TrialsTableError(file: file, line: i + 1, message: "column \(index + 1): expected a number, found '\(fields[index])'")
                }
                return x
            }
            guard let trial = Int(fields[0]), let customerPeriods = Int(fields[1]) else {
                throw TrialsTableError(file: file, line: i + 1, message: "expected integer trial and customer_periods")
            }
            var tallies: [RetentionTally] = []
            for s in 0..<segments {
                for c in 0..<5 {
                    let g = 1 + 5 + segments + s * 5 + c
                    var t = RetentionTally()
                    t.startCustomers = Int(try number(column(g, .startCustomers)))
                    t.retainedCustomers = Int(try number(column(g, .retainedCustomers)))
                    t.startARR = try number(column(g, .startARR))
                    t.churnedARR = try number(column(g, .churnedARR))
                    t.expansionARR = try number(column(g, .expansionARR))
                    t.contractionARR = try number(column(g, .contractionARR))
                    t.grossLossARR = try number(column(g, .grossLossARR))
                    tallies.append(t)
                }
            }
            var counts = SimulationCounts(periods: 1)
            counts.atRisk[0] = customerPeriods
            result.append(TrialAggregates(trial: trial, segmentCount: segments, tallies: tallies, counts: counts))
        }
        return result
    }

}

/// A `trials.csv` that cannot be read back; `line` is 1-based.
public struct TrialsTableError: Error, Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var message: String

    public init(file: String, line: Int, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String { "\(file):\(line): \(message)" }
}
