/// Where a stage reports progress on long work: notes ("reading history.csv") and fractions of
/// a known total ("trials 40%"). The command line shows them on a terminal's stderr; tests and
/// the workbench's inner stages pass `.silent`.
public struct ProgressSink: Sendable {
    public let note: @Sendable (String) -> Void
    public let fraction: @Sendable (_ stage: String, _ done: Int, _ total: Int) -> Void

    public init(
        note: @escaping @Sendable (String) -> Void, fraction: @escaping @Sendable (String, Int, Int) -> Void
    ) {
        self.note = note
        self.fraction = fraction
    }

    /// Reports nothing.
    public static let silent = ProgressSink(note: { _ in }, fraction: { _, _, _ in })
}
