import BearingPanel

/// Small panels and CSV texts shared by the reader and writer tests.
enum PanelSamples {
    static let header =
        "customer_id,period,segment,fit,csm_id,arr,churned,expansion_arr,contraction_arr,milestone,milestone_reached,"
        + "outcome.usage_trend,experience.nps,engagement.days_since_contact"

    /// `header` plus the given data lines, LF line ends, final newline.
    static func csv(_ rows: [String], header: String = header) -> [UInt8] {
        Array(([header] + rows).map { $0 + "\n" }.joined().utf8)
    }

    static func read(_ bytes: [UInt8], chunkSize: Int = HistoryCSVReader.defaultChunkSize) throws(PanelError) -> HistoryPanel {
        try HistoryCSVReader(chunkSize: chunkSize).readWithSummary(bytes: bytes, fileName: "t.csv").panel
    }

    /// One row of a hand-built panel; strings are interned in order of first appearance,
    /// as the reader does.
    struct Row {
        var customer: String
        var period: Period
        var segment: String = "smb"
        var fit: Fit = .good
        var csm: String? = nil
        var arr: Double = 1000
        var churned = false
        var expansion: Double = 0
        var contraction: Double = 0
        var milestone: String? = nil
        var reached: Int8 = -1
        var features: [Float] = []
    }

    static func panel(
        granularity: Granularity, features: [String], hasCSM: Bool = true, hasMilestones: Bool = true, rows: [Row]
    ) -> HistoryPanel {
        var panel = HistoryPanel(
            granularity: granularity, featureNames: features, hasCSMColumn: hasCSM, hasMilestoneColumns: hasMilestones)
        func index(_ s: String, _ list: inout [String]) -> Int32 {
            if let i = list.firstIndex(of: s) { return Int32(i) }
            list.append(s)
            return Int32(list.count - 1)
        }
        for row in rows {
            panel.customer.append(index(row.customer, &panel.customerIDs))
            panel.period.append(row.period)
            panel.segment.append(index(row.segment, &panel.segmentNames))
            panel.fit.append(row.fit)
            panel.csm.append(row.csm.map { index($0, &panel.csmIDs) } ?? -1)
            panel.arr.append(row.arr)
            panel.churned.append(row.churned)
            panel.expansionARR.append(row.expansion)
            panel.contractionARR.append(row.contraction)
            panel.milestone.append(row.milestone.map { index($0, &panel.milestoneNames) } ?? -1)
            panel.milestoneReached.append(row.reached)
            for k in features.indices { panel.features[k].values.append(row.features[k]) }
        }
        return panel
    }

    /// Quarterly panel with awkward ids (commas, quotes, newlines, UTF-8), missing cells and
    /// numbers that need care (fractions, exponents, big and tiny values).
    static var awkwardQuarterly: HistoryPanel {
        let q1 = Period(year: 2025, quarter: 1)
        let features = ["outcome.usage_trend", "experience.nps", "engagement.days_since_contact"]
        return panel(
            granularity: .quarter, features: features,
            rows: [
                Row(
                    customer: "acme, inc", period: q1, segment: "enterprise", csm: "csm \"7\"", arr: 120_000.5,
                    expansion: 1e-7, milestone: "go-live", reached: 0, features: [0.1, -40, 3]),
                Row(
                    customer: "line\nbreak", period: q1, fit: .stretch, arr: 0, milestone: "go-live",
                    features: [.nan, 12.5, .nan]),
                Row(
                    customer: "acme, inc", period: q1.next, segment: "enterprise", csm: "csm \"7\"", arr: 1.5e15,
                    contraction: 250, milestone: "expansion, phase 2", reached: 1,
                    features: [Float.leastNonzeroMagnitude, 3.4e38, 1e-20]),
                Row(
                    customer: "Zürich AG", period: q1.next, fit: .bad, csm: "\"quoted\"", arr: 99.99, churned: true,
                    features: [-0.333333343, .nan, 0]),
                Row(
                    customer: "line\nbreak", period: q1.next, fit: .stretch, arr: 1234.5678, expansion: 10,
                    features: [.nan, .nan, .nan]),
            ])
    }
}
