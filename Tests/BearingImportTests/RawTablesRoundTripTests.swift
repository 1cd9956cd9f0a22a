import BearingFiles
import BearingImport
import BearingPanel
import Testing

/// A simulated history written out as a ledger and an events table rebuilds the same panel:
/// `arr`, `churned`, `expansion_arr`, `contraction_arr`, ids, segments, fit, CSMs and milestones
/// exactly, features to float32 rounding (event values are summed in Double, then rounded
/// once to Float, where the strict reader rounds the decimal to Float directly).
@Suite struct RawTablesRoundTripTests {
    @Test(arguments: [0, 1])
    func simulatedHistoryRoundTrips(trial: Int) throws {
        let clean = try TestPanels.simulated(customers: [120, 60, 20], seed: 11, trial: trial)
        let tables = RawTablesWriter.write(clean)
        let catalog = try ConfigDecoder().decode(MetricCatalog.self, from: tables.metrics, file: "metrics.yaml")
        let result = try RawTablesImporter.importBytes(
            subscriptions: tables.ledger, events: tables.events,
            options: RawTablesOptions(granularity: .quarter, metrics: catalog), chunkSize: 1 << 14)
        let p = result.panel
        #expect(p.customerIDs == clean.customerIDs)
        #expect(p.customer == clean.customer && p.period == clean.period)
        #expect(p.arr == clean.arr)
        #expect(p.churned == clean.churned)
        #expect(p.expansionARR == clean.expansionARR)
        #expect(p.contractionARR == clean.contractionARR)
        #expect(p.segmentNames == clean.segmentNames && p.segment == clean.segment && p.fit == clean.fit)
        #expect(p.csmIDs == clean.csmIDs && p.csm == clean.csm)
        #expect(p.milestoneNames == clean.milestoneNames && p.milestone == clean.milestone)
        #expect(p.milestoneReached == clean.milestoneReached)
        #expect(p.features.map(\.name) == clean.features.map(\.name))
        var exact = 0
        for (a, b) in zip(p.features, clean.features) {
            #expect(a.group == b.group)
            for r in 0..<clean.rowCount {
                let x = a.values[r]
                let y = b.values[r]
                if x.isNaN || y.isNaN {
                    #expect(x.isNaN && y.isNaN, "\(a.name) row \(r)")
                } else {
                    #expect(abs(x - y) <= y.ulp, "\(a.name) row \(r): \(x) vs \(y)")
                    if x == y { exact += 1 }
                }
            }
        }
        #expect(exact > 0)
        #expect(result.record.counts["events_used"] == tables.events.filter { $0 == 10 }.count - 1)
        #expect(result.record.counts["events_outside_rows"] == 0 && result.record.counts["resubscriptions"] == 0)
    }
}
