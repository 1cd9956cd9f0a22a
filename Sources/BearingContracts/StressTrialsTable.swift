import BearingComp

/// `stress-trials.csv` of `comp --stress`: each plan's figures on each simulated history.
public struct StressTrialsTable: Sendable, Hashable {
    public static let fileName = "stress-trials.csv"
    public static let columns = [
        "trial", "plan", "total_cost", "cost_share_of_retained_revenue", "pay_performance_correlation",
        "top_quartile_variable_share", "skill_correlation",
    ]

    /// Plan name → numeric column (e.g. `total_cost`) → one value per trial, in trial order.
    public var values: [String: [String: [Double]]]

    public init(values: [String: [String: [Double]]]) {
        self.values = values
    }

    /// The table of a stress run, as the CSV reads back.
    public init(_ results: [PlanStress]) {
        var values: [String: [String: [Double]]] = [:]
        for r in results {
            var columns: [String: [Double]] = [:]
            for (name, column) in zip(Self.columns.dropFirst(2), Self.numbers(r)) {
                columns[name] = (0..<r.trials).map { column.indices.contains($0) ? column[$0] : .nan }
            }
            values[r.planName] = columns
        }
        self.init(values: values)
    }

    public static func render(_ results: [PlanStress]) -> [UInt8] {
        let csv = CSVWriter(header: columns)
        let trials = results.first?.trials ?? 0
        for t in 0..<trials {
            for r in results {
                csv.field(t)
                csv.field(r.planName)
                for column in numbers(r) {
                    if column.indices.contains(t) { csv.field(column[t]) } else { csv.empty() }
                }
                csv.endRow()
            }
        }
        return csv.bytes
    }

    /// Reads a `stress-trials.csv`; undefined cells read as NaN.
    public static func read(bytes: [UInt8], file: String) throws(ContractError) -> StressTrialsTable {
        var reader = CSVRecordReader(bytes: bytes)
        guard let header = reader.next(), let planColumn = header.fields.firstIndex(of: "plan") else {
            throw ContractError(path: file, message: "line 1: expected the header comp --stress writes (with a 'plan' column)")
        }
        var values: [String: [String: [Double]]] = [:]
        for record in reader.all() {
            guard record.fields.count == header.fields.count else {
                throw ContractError(
                    path: "\(file):\(record.line)", message: "expected \(header.fields.count) fields like the header, found \(record.fields.count)")
            }
            let plan = record.fields[planColumn]
            for (i, name) in header.fields.enumerated() where i != planColumn && name != "trial" {
                values[plan, default: [:]][name, default: []].append(Double(record.fields[i]) ?? .nan)
            }
        }
        return StressTrialsTable(values: values)
    }

    private static func numbers(_ r: PlanStress) -> [[Double]] {
        [r.totalCost, r.costShareOfRetainedRevenue, r.payPerformanceCorrelation, r.topQuartileVariableShare, r.skillCorrelation]
    }
}
