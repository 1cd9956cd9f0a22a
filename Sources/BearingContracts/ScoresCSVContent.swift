import BearingPanel
import BearingVector

/// `scores.csv` of a scored panel, rendered when it is written (`ScoresTable.render(…, to:)`),
/// so that its write overlaps the rendering.
public struct ScoresCSVContent: ChunkedContent {
    public var panel: HistoryPanel
    public var index: PanelIndex
    public var scored: PanelScores
    public var explain: Bool
    public var threads: Int

    public init(panel: HistoryPanel, index: PanelIndex, scored: PanelScores, explain: Bool, threads: Int) {
        self.panel = panel
        self.index = index
        self.scored = scored
        self.explain = explain
        self.threads = threads
    }

    public func produce<Failure: Error>(_ emit: (UnsafeRawBufferPointer) throws(Failure) -> Void) throws(Failure) {
        try ScoresTable.render(panel: panel, index: index, scored: scored, explain: explain, threads: threads, to: emit)
    }
}
