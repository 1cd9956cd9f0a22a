extension PanelIndex {
    /// The same customer's row in the period just before `row`'s, if the panel has it.
    public func previousRow(of row: Int, in panel: HistoryPanel) -> Int32? {
        let rows = rowsByCustomer[Int(panel.customer[row])]
        guard let i = rows.firstIndex(of: Int32(row)), i > 0 else { return nil }
        let previous = rows[i - 1]
        return panel.period[Int(previous)] == panel.period[row].advanced(by: -1) ? previous : nil
    }
}
