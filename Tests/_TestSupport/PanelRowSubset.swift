import BearingPanel

package extension HistoryPanel {
    /// The panel with only the rows `keep` accepts (dictionaries and columns' shape kept), to
    /// check that rows whose outcome is unknown are skipped exactly as if they were absent.
    func keepingRows(_ keep: (Int) -> Bool) -> HistoryPanel {
        let rows = (0..<rowCount).filter(keep)
        var out = self
        out.customer = rows.map { customer[$0] }
        out.period = rows.map { period[$0] }
        out.segment = rows.map { segment[$0] }
        out.fit = rows.map { fit[$0] }
        out.csm = rows.map { csm[$0] }
        out.arr = rows.map { arr[$0] }
        out.churned = rows.map { churned[$0] }
        out.outcomeKnown = outcomeKnown.isEmpty ? [] : rows.map { outcomeKnown[$0] }
        out.expansionARR = rows.map { expansionARR[$0] }
        out.contractionARR = rows.map { contractionARR[$0] }
        out.milestone = rows.map { milestone[$0] }
        out.milestoneReached = rows.map { milestoneReached[$0] }
        for k in features.indices { out.features[k].values = rows.map { features[k].values[$0] } }
        return out
    }
}
