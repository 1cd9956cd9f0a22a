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

    /// The header line, without a line break.
    public var header: String {
        var fields = ["trial", "customer_periods"]
        for g in groups {
            let label = g.label(segmentNames: segmentNames)
            for m in TrialMetric.allCases { fields.append("\(label).\(m.rawValue)") }
        }
        return fields.map(Self.quoted).joined(separator: ",")
    }

    /// One trial's line, without a line break.
    public func row(_ t: TrialAggregates) -> String {
        var fields = [String(t.trial), String(t.counts.customerPeriods)]
        for g in groups {
            let tally = t.tally(g)
            for m in TrialMetric.allCases { fields.append(Self.number(m.value(tally))) }
        }
        return fields.joined(separator: ",")
    }

    static func number(_ x: Double) -> String {
        guard x.isFinite else { return x.isNaN ? "" : (x > 0 ? "inf" : "-inf") }
        if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
        return "\(x)"
    }

    static func quoted(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
