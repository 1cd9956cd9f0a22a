import BearingPanel

/// The outcome of an import: the strict panel (ready for `HistoryCSVWriter`), its record
/// (for `history.import.json`) and one-line notices for the user (columns ignored, defaults
/// filled, grain assumed), each said once.
public struct ImportResult: Sendable {
    /// The strict panel, checked like a file the strict reader read.
    public var panel: HistoryPanel
    /// What the import did, for `history.import.json`.
    public var record: ImportRecord
    /// One line per thing the user should know (ignored columns, defaults, assumed grain).
    public var notices: [String]

    public init(panel: HistoryPanel, record: ImportRecord, notices: [String]) {
        self.panel = panel
        self.record = record
        self.notices = notices
    }
}
