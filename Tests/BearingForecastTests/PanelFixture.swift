import BearingPanel

/// Builds small history panels row by row for forecast tests.
struct PanelFixture {
    var panel = HistoryPanel(granularity: .quarter, hasCSMColumn: false, hasMilestoneColumns: true)
    var categories: [VectorCategory] = []

    private static func intern(_ name: String, in names: inout [String]) -> Int32 {
        if let i = names.firstIndex(of: name) { return Int32(i) }
        names.append(name)
        return Int32(names.count - 1)
    }

    mutating func add(
        customer: String, period: Period, segment: String = "smb", arr: Double = 10_000, churned: Bool = false,
        expansion: Double = 0, milestone: String? = nil, reached: Int8 = -1, category: VectorCategory = .positive
    ) {
        panel.customer.append(Self.intern(customer, in: &panel.customerIDs))
        panel.period.append(period)
        panel.segment.append(Self.intern(segment, in: &panel.segmentNames))
        panel.fit.append(.good)
        panel.csm.append(-1)
        panel.arr.append(arr)
        panel.churned.append(churned)
        panel.expansionARR.append(expansion)
        panel.contractionARR.append(0)
        panel.milestone.append(milestone.map { Self.intern($0, in: &panel.milestoneNames) } ?? -1)
        panel.milestoneReached.append(reached)
        categories.append(category)
    }
}
