import BearingPanel
import BearingVector

/// The `--explain` columns of `scores.csv` (see `ScoresTable`), written after a row's leading
/// columns straight into a byte sink.
struct ExplainColumns: Sendable {
    /// Features with a direction, magnitude and churn weight, in the weights' order.
    let direction: [String]
    let magnitude: [String]
    let churn: [String]
    /// Index in an explanation's contributions of each name in `direction`, `magnitude` and
    /// `churn` (nil: an empty cell), resolved once rather than hashed per row and feature.
    private let directionAt: [Int?]
    private let magnitudeAt: [Int?]
    private let churnAt: [Int?]

    init(_ scored: PanelScores) {
        let features = scored.scorer.weights.features
        direction = features.filter { $0.direction != 0 }.map(\.name)
        magnitude = features.filter { $0.magnitude != 0 }.map(\.name)
        churn = features.filter { $0.churn != 0 }.map(\.name)
        let position = Dictionary(features.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
        directionAt = direction.map { position[$0] }
        magnitudeAt = magnitude.map { position[$0] }
        churnAt = churn.map { position[$0] }
    }

    /// Appends `,`-led explanation cells of scored row `k` (no newline).
    func append(row k: Int, panel: HistoryPanel, index: PanelIndex, scored: PanelScores, to sink: inout CSVByteSink) {
        let r = scored.rows[k]
        let row = Int(r)
        let now = scored.explain(panel: panel, row: r)
        Self.number(now.directionRaw, to: &sink)
        Self.number(now.magnitudeRaw, to: &sink)
        put(now.contributions, directionAt, \.direction, to: &sink)
        put(now.contributions, magnitudeAt, \.magnitude, to: &sink)
        put(now.contributions, churnAt, \.churn, to: &sink)
        if let previous = index.previousRow(of: row, in: panel) {
            let before = scored.explain(panel: panel, row: previous)
            let change = now.change(since: before)
            Self.number(now.directionRaw - before.directionRaw, to: &sink)
            Self.number(now.magnitudeRaw - before.magnitudeRaw, to: &sink)
            put(change, directionAt, \.direction, to: &sink)
            put(change, magnitudeAt, \.magnitude, to: &sink)
        } else {
            let empty = 2 + direction.count + magnitude.count
            sink.ensure(empty)
            for _ in 0..<empty { sink.put(UInt8(ascii: ",")) }
        }
        Self.text(now.imputedFeatures.joined(separator: ";"), to: &sink)
        Self.text(now.ghostRule?.label ?? "", to: &sink)
    }

    private func put(
        _ contributions: [FeatureContribution], _ positions: [Int?], _ path: KeyPath<FeatureContribution, Float>,
        to sink: inout CSVByteSink
    ) {
        for position in positions {
            if let i = position {
                Self.number(contributions[i][keyPath: path], to: &sink)
            } else {
                sink.ensure(1)
                sink.put(UInt8(ascii: ","))
            }
        }
    }

    private static func number(_ x: Float, to sink: inout CSVByteSink) {
        sink.ensure(1 + HistoryCSVFormat.maxNumberBytes)
        sink.put(UInt8(ascii: ","))
        ScoresRowWriter.number(x, to: &sink)
    }

    private static func text(_ text: String, to sink: inout CSVByteSink) {
        sink.ensure(2 * text.utf8.count + 3)
        sink.put(UInt8(ascii: ","))
        HistoryCSVFormat.appendString(text, to: &sink)
    }
}
