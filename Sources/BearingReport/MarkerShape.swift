/// The shape of a series' markers. Series get different shapes in order, so two series drawn
/// at the same place (or in similar colours) are still told apart.
package enum MarkerShape: Int, Sendable, CaseIterable {
    case circle, square, triangle, diamond

    /// The shape of series `index` (shapes repeat after four series).
    package static func forSeries(_ index: Int) -> MarkerShape {
        allCases[((index % allCases.count) + allCases.count) % allCases.count]
    }

    /// One marker centred at (x, y), about `2r` across; `paint` holds the fill and stroke
    /// attributes and `title` (if any) becomes its tooltip. Every marker has class `mark`.
    func svg(x: Double, y: Double, r: Double, paint: String, cls: String = "mark", title: String = "") -> String {
        let close = title.isEmpty ? "/>" : "><title>\(HTML.escape(title))</title>"
        let end: String
        let open: String
        switch self {
        case .circle:
            open = "<circle class=\"\(cls)\" cx=\"\(SVG.f(x))\" cy=\"\(SVG.f(y))\" r=\"\(SVG.f(r))\" \(paint)"
            end = "</circle>"
        case .square:
            // Same area as the circle: side r·√π.
            let h = r * 0.886
            open = "<rect class=\"\(cls)\" x=\"\(SVG.f(x - h))\" y=\"\(SVG.f(y - h))\" width=\"\(SVG.f(2 * h))\" height=\"\(SVG.f(2 * h))\" \(paint)"
            end = "</rect>"
        case .triangle:
            let corners = [(x, y - 1.3 * r), (x - 1.15 * r, y + 0.7 * r), (x + 1.15 * r, y + 0.7 * r)]
            open = "<polygon class=\"\(cls)\" points=\"\(Self.points(corners))\" \(paint)"
            end = "</polygon>"
        case .diamond:
            let corners = [(x, y - 1.25 * r), (x + 1.25 * r, y), (x, y + 1.25 * r), (x - 1.25 * r, y)]
            open = "<polygon class=\"\(cls)\" points=\"\(Self.points(corners))\" \(paint)"
            end = "</polygon>"
        }
        return open + close + (title.isEmpty ? "" : end)
    }

    private static func points(_ corners: [(Double, Double)]) -> String {
        corners.map { "\(SVG.f($0.0)),\(SVG.f($0.1))" }.joined(separator: " ")
    }
}
