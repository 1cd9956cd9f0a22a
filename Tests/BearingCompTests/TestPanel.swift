import BearingPanel

/// Builds small quarterly panels row by row for hand-computed payout tests.
struct TestPanel {
    var panel: HistoryPanel

    init(granularity: Granularity = .quarter, features: [String] = []) {
        panel = HistoryPanel(granularity: granularity, featureNames: features)
    }

    private static func intern(_ name: String, in list: inout [String]) -> Int32 {
        if let i = list.firstIndex(of: name) { return Int32(i) }
        list.append(name)
        return Int32(list.count - 1)
    }

    /// Adds one row; `period` is a label such as `2025-Q1`; `csm` nil leaves the owner empty.
    mutating func add(
        _ customer: String, _ period: String, csm: String?, arr: Double, expansion: Double = 0,
        contraction: Double = 0, churned: Bool = false, features: [Float] = [],
        milestone: String? = nil, reached: Int8 = -1
    ) {
        panel.customer.append(Self.intern(customer, in: &panel.customerIDs))
        panel.period.append(Period(label: period)!)
        panel.segment.append(Self.intern("smb", in: &panel.segmentNames))
        panel.fit.append(.good)
        panel.csm.append(csm.map { Self.intern($0, in: &panel.csmIDs) } ?? -1)
        panel.arr.append(arr)
        panel.churned.append(churned)
        panel.expansionARR.append(expansion)
        panel.contractionARR.append(contraction)
        panel.milestone.append(milestone.map { Self.intern($0, in: &panel.milestoneNames) } ?? -1)
        panel.milestoneReached.append(reached)
        for i in panel.features.indices { panel.features[i].values.append(i < features.count ? features[i] : .nan) }
    }
}
