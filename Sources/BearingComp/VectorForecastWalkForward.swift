import BearingForecast
import BearingPanel

extension VectorForecastTable {
    /// The vector forecast each CSM would have been measured against, period by period: for
    /// period p, the sum over the CSM's rows in p of reach probability × take rate × upsell ARR
    /// (`CustomerOutlook.expectedExpansionARR`), with rates from `ForecastRates` estimated on the
    /// rows of the periods before p only. The first period has no past; its rates come from its
    /// own rows (in-sample, said here because it flatters that period's forecast).
    ///
    /// `categories` holds each row's vector category at the start of its period (one per panel
    /// row, from scoring). Rows without a CSM are left out. Every (CSM, period) with a row gets
    /// an entry, 0 when none of its customers is on a milestone.
    public static func walkForward(
        panel: HistoryPanel, categories: [VectorCategory], catalogue: MilestoneCatalogue,
        strength: Double = ForecastRates.defaultStrength
    ) throws(ForecastError) -> VectorForecastTable {
        let index = PanelIndex(panel)
        var table = VectorForecastTable()
        var past: [Int32] = []
        for (i, period) in index.periods.enumerated() {
            let rows = index.rowsByPeriod[i]
            let rates = try ForecastRates(
                panel: panel, categories: categories, rows: i == 0 ? rows : past, catalogue: catalogue,
                strength: strength)
            let outlooks = try rates.outlooks(panel: panel, categories: categories, churnProbabilities: nil, rows: rows)
            for outlook in outlooks {
                let csm = panel.csm[Int(outlook.row)]
                guard csm >= 0 else { continue }
                table.add(csmID: panel.csmIDs[Int(csm)], period: period, expansion: outlook.expectedExpansionARR)
            }
            past.append(contentsOf: rows)
        }
        return table
    }
}
