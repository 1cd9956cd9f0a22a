import BearingVector
import Foundation

/// The vector map as a density: customers binned into hexagons over direction (x, −1 to 1) and
/// magnitude (y, 0 to 1), darker where more customers sit, with the category threshold lines
/// and, per hexagon, an arrow for its customers' average move since the previous period.
/// Every customer counts, however many there are; the page grows with the number of occupied
/// hexagons, not with the book.
package struct VectorMapChart: Sendable {
    /// One occupied hexagon.
    package struct Bin: Sendable, Equatable {
        package var cell: HexGrid.Cell
        package var customers: Int
        package var badFit: Int
        /// Customers per category label.
        package var categories: [String: Int]
        /// Average (Δdirection, Δmagnitude) since the previous period, over the customers that
        /// have a previous position, and how many do.
        package var move: (direction: Double, magnitude: Double)
        package var moved: Int

        package static func == (a: Bin, b: Bin) -> Bool {
            a.cell == b.cell && a.customers == b.customers && a.badFit == b.badFit && a.categories == b.categories
                && a.move.direction == b.move.direction && a.move.magnitude == b.move.magnitude && a.moved == b.moved
        }
    }

    package var title: String
    package var points: [VectorMap.Point]
    package var thresholds: CategoryThresholds?
    package var previousPeriod: String?
    package var frame = ChartFrame(height: 560)
    package var grid = HexGrid(radius: 11)
    /// Hexagons with fewer customers that moved get no arrow (one customer's move is noise).
    package var arrowMinimum = 3

    package init(title: String, points: [VectorMap.Point], thresholds: CategoryThresholds?, previousPeriod: String?) {
        self.title = title
        self.points = points
        self.thresholds = thresholds
        self.previousPeriod = previousPeriod
    }

    var xScale: LinearScale { LinearScale(domain: (-1, 1), range: (frame.plotLeft, frame.plotRight)) }
    var yScale: LinearScale { LinearScale(domain: (0, 1), range: (frame.plotBottom, frame.plotTop)) }

    /// The occupied hexagons, top row first. Hexagons are laid out from the plot's top-left
    /// corner, so their screen position does not depend on the data.
    package func bins() -> [Bin] {
        let (sx, sy) = (xScale, yScale)
        var bins: [HexGrid.Cell: Bin] = [:]
        var sums: [HexGrid.Cell: (Double, Double)] = [:]
        for p in points where p.direction.isFinite && p.magnitude.isFinite {
            let cell = grid.cell(x: sx(p.direction) - frame.plotLeft, y: sy(p.magnitude) - frame.plotTop)
            var bin = bins[cell] ?? Bin(cell: cell, customers: 0, badFit: 0, categories: [:], move: (0, 0), moved: 0)
            bin.customers += 1
            bin.badFit += p.badFit ? 1 : 0
            bin.categories[p.category, default: 0] += 1
            if let before = p.previous, before.direction.isFinite, before.magnitude.isFinite {
                bin.moved += 1
                let s = sums[cell] ?? (0, 0)
                sums[cell] = (s.0 + p.direction - before.direction, s.1 + p.magnitude - before.magnitude)
            }
            bins[cell] = bin
        }
        return bins.keys.sorted().compactMap { cell in
            guard var bin = bins[cell] else { return nil }
            if bin.moved > 0, let s = sums[cell] { bin.move = (s.0 / Double(bin.moved), s.1 / Double(bin.moved)) }
            return bin
        }
    }

    /// Fill of a hexagon holding `count` of at most `maximum` customers: from light to dark blue
    /// on a square-root scale, so sparse areas stay visible next to a dense cluster.
    package static func fill(count: Int, maximum: Int) -> String {
        let t = maximum > 1 ? (Double(max(0, count - 1)) / Double(maximum - 1)).squareRoot() : 1
        let light = (0xc6, 0xdb, 0xef)
        let dark = (0x08, 0x30, 0x6b)
        func mix(_ a: Int, _ b: Int) -> Int { Int((Double(a) + (Double(b) - Double(a)) * min(1, max(0, t))).rounded()) }
        return String(format: "#%02x%02x%02x", mix(light.0, dark.0), mix(light.1, dark.1), mix(light.2, dark.2))
    }

    package func svg() -> String {
        let (sx, sy) = (xScale, yScale)
        let xAxis = AxisSpec(title: "Direction (−1 = heading away from outcome, +1 = toward)", format: .number(decimals: 1), domain: (-1, 1))
        let yAxis = AxisSpec(title: "Magnitude (strength of experience, 0–1)", format: .number(decimals: 1), domain: (0, 1))
        var s = SVG.open(width: frame.width, height: frame.height, title: title)
        s +=
            "<defs><clipPath id=\"vector-map-plot\"><rect x=\"\(SVG.f(frame.plotLeft))\" y=\"\(SVG.f(frame.plotTop))\" width=\"\(SVG.f(frame.plotRight - frame.plotLeft))\" height=\"\(SVG.f(frame.plotBottom - frame.plotTop))\"/></clipPath>"
        s +=
            "<marker id=\"vector-map-arrow\" viewBox=\"0 0 6 6\" refX=\"5\" refY=\"3\" markerWidth=\"5\" markerHeight=\"5\" orient=\"auto\"><path d=\"M0,0 L6,3 L0,6 z\" fill=\"#222\"/></marker></defs>"
        s += ChartAxes.y(yAxis, ticks: yAxis.ticks(for: []), scale: sy, frame: frame)
        s += ChartAxes.x(xAxis, ticks: xAxis.ticks(for: []), scale: sx, frame: frame)
        let bins = bins()
        let maximum = bins.map(\.customers).max() ?? 0
        s += "<g class=\"hexbins\" clip-path=\"url(#vector-map-plot)\">"
        for bin in bins {
            let c = grid.center(bin.cell)
            let corners = grid.corners(x: c.x + frame.plotLeft, y: c.y + frame.plotTop)
            let points = corners.map { "\(SVG.f($0.x)),\(SVG.f($0.y))" }.joined(separator: " ")
            s +=
                "<polygon class=\"mark\" points=\"\(points)\" fill=\"\(Self.fill(count: bin.customers, maximum: maximum))\" stroke=\"#fff\" stroke-width=\"0.6\"><title>\(HTML.escape(label(bin)))</title></polygon>"
        }
        s += "</g>"
        s += thresholdLines(sx: sx, sy: sy)
        s += "<g class=\"flow\">"
        for bin in bins where bin.moved >= arrowMinimum {
            let c = grid.center(bin.cell)
            let (x1, y1) = (c.x + frame.plotLeft, c.y + frame.plotTop)
            // Screen offset of the average move (y grows down on screen).
            let mx = bin.move.direction * (sx(1) - sx(0))
            let my = bin.move.magnitude * (sy(1) - sy(0))
            guard (mx * mx + my * my).squareRoot() >= 3 else { continue }
            s +=
                "<line x1=\"\(SVG.f(x1 - mx))\" y1=\"\(SVG.f(y1 - my))\" x2=\"\(SVG.f(x1))\" y2=\"\(SVG.f(y1))\" marker-end=\"url(#vector-map-arrow)\"/>"
        }
        s += "</g>"
        s += legend(maximum: maximum)
        return s + "</svg>"
    }

    /// The tooltip of a hexagon: how many customers, of which categories, how many bad fit.
    func label(_ bin: Bin) -> String {
        let c = grid.center(bin.cell)
        let direction = xScale.inverse(c.x + frame.plotLeft)
        let magnitude = yScale.inverse(c.y + frame.plotTop)
        let order = ReportBuilder.categories + bin.categories.keys.filter { !ReportBuilder.categories.contains($0) }.sorted()
        let mix = order.compactMap { k in bin.categories[k].map { "\($0) \(k)" } }.joined(separator: ", ")
        let badFit = bin.badFit > 0 ? "; \(bin.badFit) bad fit" : ""
        return
            "\(bin.customers) customer\(bin.customers == 1 ? "" : "s") near direction \(ReportFormat.number(direction, decimals: 2)), magnitude \(ReportFormat.number(magnitude, decimals: 2)): \(mix)\(badFit)"
    }

    /// The lines where the category changes, and each region's name in its category colour.
    func thresholdLines(sx: LinearScale, sy: LinearScale) -> String {
        guard let t = thresholds else { return "" }
        let (top, bottom, right) = (frame.plotTop, frame.plotBottom, frame.plotRight)
        let (xn, xp, ym) = (sx(t.negativeDirection), sx(t.positiveDirection), sy(t.positiveMagnitude))
        var s = "<g class=\"thresholds\">"
        for (x1, y1, x2, y2) in [(xn, top, xn, bottom), (xp, top, xp, ym), (xp, ym, right, ym)] {
            s += "<line x1=\"\(SVG.f(x1))\" y1=\"\(SVG.f(y1))\" x2=\"\(SVG.f(x2))\" y2=\"\(SVG.f(y2))\" class=\"threshold\"/>"
        }
        let labels: [(String, Double, Double, String)] = [
            ("negative", (frame.plotLeft + xn) / 2, top + 18, "negative"),
            ("neutral", (xn + xp) / 2, top + 18, "neutral"),
            ("positive", (xp + right) / 2, top + 18, "positive"),
            ("neutral (weak experience)", (xp + right) / 2, bottom - 10, "neutral"),
        ]
        for (text, x, y, category) in labels where x.isFinite {
            s += SVG.text(text, x: x, y: y, cls: "region", extra: "style=\"fill:\(Palette.category(category))\"")
        }
        return s + "</g>"
    }

    /// The legend row: the density ramp, the threshold line and the move arrow.
    func legend(maximum: Int) -> String {
        var s = "<g class=\"legend\">"
        let y = 18.0
        var x = frame.plotLeft
        s += SVG.text("Customers per hexagon:", x: x, y: y + 4, anchor: "start", cls: "legend-label")
        x += 166
        let steps = max(1, min(5, maximum))
        s += SVG.text("1", x: x, y: y + 4, anchor: "start", cls: "legend-label")
        x += 14
        for k in 0..<steps {
            let count = steps == 1 ? maximum : 1 + (maximum - 1) * k / (steps - 1)
            s +=
                "<rect class=\"swatch\" x=\"\(SVG.f(x))\" y=\"\(SVG.f(y - 6))\" width=\"16\" height=\"12\" fill=\"\(Self.fill(count: count, maximum: maximum))\"/>"
            x += 17
        }
        s += SVG.text(ReportFormat.count(max(1, maximum)), x: x + 4, y: y + 4, anchor: "start", cls: "legend-label")
        x += 24 + Double(ReportFormat.count(max(1, maximum)).count) * 7
        if thresholds != nil {
            s += "<line x1=\"\(SVG.f(x))\" x2=\"\(SVG.f(x + 18))\" y1=\"\(SVG.f(y))\" y2=\"\(SVG.f(y))\" class=\"threshold\"/>"
            s += SVG.text("category thresholds", x: x + 24, y: y + 4, anchor: "start", cls: "legend-label")
            x += 24 + 19 * 7 + 20
        }
        if let previousPeriod {
            s +=
                "<line x1=\"\(SVG.f(x))\" x2=\"\(SVG.f(x + 18))\" y1=\"\(SVG.f(y))\" y2=\"\(SVG.f(y))\" stroke=\"#222\" stroke-width=\"1.4\" marker-end=\"url(#vector-map-arrow)\"/>"
            s += SVG.text("average move since \(previousPeriod)", x: x + 24, y: y + 4, anchor: "start", cls: "legend-label")
        }
        return s + "</g>"
    }
}
