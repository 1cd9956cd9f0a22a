import BearingPanel
import Testing

/// Empty `churned` cells: the period is still running, the outcome unknown.
@Suite struct OutcomeUnknownTests {
    typealias S = PanelSamples
    typealias V = HistoryCSVValidationTests

    @Test func emptyChurnedCellIsAnUnknownOutcome() throws {
        let csv = S.csv([
            V.row(), V.row([2: "2025-Q2", 7: ""]), V.row([1: "c2", 7: "1"]), V.row([1: "c3", 7: ""]),
        ])
        for chunkSize in [1 << 16, 7] {
            let panel = try S.read(csv, chunkSize: chunkSize)
            #expect(panel.outcomeKnown == [true, false, true, false])
            #expect(panel.churned == [false, false, true, false])
            #expect(panel.hasUnknownOutcomes && panel.unknownOutcomeCount == 2)
            #expect(panel.rowsWithKnownOutcome([0, 1, 2, 3]) == [0, 2])
            #expect(panel.isOutcomeKnown(0) && !panel.isOutcomeKnown(3))
        }
    }

    @Test func everyOutcomeKnownCostsNothing() throws {
        let panel = try S.read(S.csv([V.row(), V.row([1: "c2", 7: "1"])]))
        #expect(panel.outcomeKnown.isEmpty && !panel.hasUnknownOutcomes)
        #expect(panel.rowsWithKnownOutcome([1, 0]) == [1, 0])
    }

    @Test func writerRoundTripsUnknownOutcomesAsEmptyCells() throws {
        let q1 = Period(year: 2025, quarter: 1)
        var panel = S.panel(
            granularity: .quarter, features: ["outcome.a"], hasCSM: false, hasMilestones: false,
            rows: [
                .init(customer: "a", period: q1, features: [1]),
                .init(customer: "a", period: q1.next, features: [2]),
                .init(customer: "b", period: q1.next, churned: true, features: [3]),
            ])
        panel.markOutcomeUnknown(1)
        let text = String(decoding: HistoryCSVWriter.encode(panel), as: UTF8.self)
        #expect(text.split(separator: "\n")[2] == "a,2025-Q2,smb,good,1000,,0,0,2")
        let read = try HistoryCSVReader.read(bytes: Array(text.utf8))
        #expect(read == panel)
        #expect(read.outcomeKnown == [true, false, true])
    }

    @Test func rowsAfterAnUnknownOutcomeAreStillCheckedForChurn() {
        // Unknown outcome is not churn: a later row is allowed; a row after churn is not.
        let ok = S.csv([V.row([7: ""]), V.row([2: "2025-Q2"])])
        #expect((try? S.read(ok)) != nil)
        let bad = S.csv([V.row([7: "1"]), V.row([2: "2025-Q2", 7: ""])])
        #expect(throws: PanelError.self) { try S.read(bad) }
    }
}
