import BearingPanel

/// The outcome of an import: the strict panel (ready for `HistoryCSVWriter`), its record
/// (for `history.import.json`) and one-line notices for the user (columns ignored, defaults
/// filled, grain assumed), each said once.
public struct ImportResult: Sendable {
    public var panel: HistoryPanel
    public var record: ImportRecord
    public var notices: [String]

    public init(panel: HistoryPanel, record: ImportRecord, notices: [String]) {
        self.panel = panel
        self.record = record
        self.notices = notices
    }
}
