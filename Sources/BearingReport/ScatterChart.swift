/// A scatter plot: one `<circle class="mark">` per point, optional arrows from each point's
/// previous position, reference lines and quadrant labels.
package struct ScatterChart: Sendable {
    package struct Point: Sendable, Equatable {
        package var x: Double
        package var y: Double
        /// Index into `series` (colour and legend name).
        package var series: Int
        /// Drawn as a ring instead of a filled dot (e.g. bad-fit customers).
        package var hollow: Bool
        /// Where the point was before (an arrow is drawn from there), if anywhere.
        package var from: (x: Double, y: Double)?
        /// Tooltip text.
        package var label: String

        package init(x: Double, y: Double, series: Int = 0, hollow: Bool = false, from: (x: Double, y: Double)? = nil, label: String = "") {
            self.x = x
            self.y = y
            self.series = series
            self.hollow = hollow
            self.from = from
            self.label = label
        }

        package static func == (a: Point, b: Point) -> Bool {
            a.x == b.x && a.y == b.y && a.series == b.series && a.hollow == b.hollow && a.label == b.label
                && a.from?.x == b.from?.x && a.from?.y == b.from?.y
        }
    }

    package var title: String
    package var xAxis: AxisSpec
    package var yAxis: AxisSpec
    package var series: [SeriesStyle]
    package var points: [Point]
    /// Extra legend entries (e.g. "ring = bad fit").
    package var legendExtras: [SeriesStyle] = []
    /// Vertical and horizontal reference lines, in data units.
    package var referenceX: [Double] = []
    package var referenceY: [Double] = []
    /// Labels drawn in the corners: top-left, top-right, bottom-left, bottom-right.
    package var quadrantLabels: [String] = []
    package var frame = ChartFrame(height: 520)
    package var radius = 3.5

    package init(title: String, xAxis: AxisSpec, yAxis: AxisSpec, series: [SeriesStyle], points: [Point]) {
        self.title = title
        self.xAxis = xAxis
        self.yAxis = yAxis
        self.series = series
        self.points = points
    }

    /// The chart as one `<svg>` element.
    package func svg() -> String {
        let xTicks = xAxis.ticks(for: points.map(\.x) + points.compactMap { $0.from?.x })
        let yTicks = yAxis.ticks(for: points.map(\.y) + points.compactMap { $0.from?.y })
        let sx = LinearScale(domain: xAxis.extent(ticks: xTicks), range: (frame.plotLeft, frame.plotRight))
        let sy = LinearScale(domain: yAxis.extent(ticks: yTicks), range: (frame.plotBottom, frame.plotTop))
        var s = SVG.open(width: frame.width, height: frame.height, title: title)
        s += "<defs><marker id=\"arrow\" viewBox=\"0 0 6 6\" refX=\"5\" refY=\"3\" markerWidth=\"5\" markerHeight=\"5\" orient=\"auto\"><path d=\"M0,0 L6,3 L0,6 z\" fill=\"#8795a6\" fill-opacity=\"0.6\"/></marker></defs>"
        s += ChartAxes.y(yAxis, ticks: yTicks, scale: sy, frame: frame)
        s += ChartAxes.x(xAxis, ticks: xTicks, scale: sx, frame: frame)
        for r in referenceX {
            s += "<line x1=\"\(SVG.f(sx(r)))\" x2=\"\(SVG.f(sx(r)))\" y1=\"\(SVG.f(frame.plotTop))\" y2=\"\(SVG.f(frame.plotBottom))\" class=\"reference\"/>"
        }
        for r in referenceY {
            s += "<line x1=\"\(SVG.f(frame.plotLeft))\" x2=\"\(SVG.f(frame.plotRight))\" y1=\"\(SVG.f(sy(r)))\" y2=\"\(SVG.f(sy(r)))\" class=\"reference\"/>"
        }
        let arrows = points.filter { $0.from != nil }
        if !arrows.isEmpty {
            s += "<g class=\"arrows\">"
            for p in arrows {
                guard let from = p.from else { continue }
                let (x0, y0, x1, y1) = (sx(from.x), sy(from.y), sx(p.x), sy(p.y))
                let length = ((x1 - x0) * (x1 - x0) + (y1 - y0) * (y1 - y0)).squareRoot()
                guard length > radius + 1 else { continue }
                // Stop short of the dot so the head stays visible.
                let k = (length - radius - 0.5) / length
                s += "<line x1=\"\(SVG.f(x0))\" y1=\"\(SVG.f(y0))\" x2=\"\(SVG.f(x0 + (x1 - x0) * k))\" y2=\"\(SVG.f(y0 + (y1 - y0) * k))\" marker-end=\"url(#arrow)\"/>"
            }
            s += "</g>"
        }
        s += "<g class=\"points\">"
        for p in points {
            let color = HTML.escape(series.indices.contains(p.series) ? series[p.series].color : Palette.series(p.series))
            let paint = p.hollow ? "fill=\"none\" stroke=\"\(color)\" stroke-width=\"1.6\"" : "fill=\"\(color)\""
            s += "<circle class=\"mark\" cx=\"\(SVG.f(sx(p.x)))\" cy=\"\(SVG.f(sy(p.y)))\" r=\"\(SVG.f(radius))\" \(paint)>"
            if !p.label.isEmpty { s += "<title>\(HTML.escape(p.label))</title>" }
            s += "</circle>"
        }
        s += "</g>"
        // Quadrant labels last, so they sit on top of the points (with a white halo from CSS).
        let corners: [(Double, Double, String)] = [
            (frame.plotLeft + 8, frame.plotTop + 18, "start"), (frame.plotRight - 8, frame.plotTop + 18, "end"),
            (frame.plotLeft + 8, frame.plotBottom - 10, "start"), (frame.plotRight - 8, frame.plotBottom - 10, "end"),
        ]
        for (label, corner) in zip(quadrantLabels, corners) where !label.isEmpty {
            s += SVG.text(label, x: corner.0, y: corner.1, anchor: corner.2, cls: "quadrant")
        }
        s += ChartAxes.legend(series + legendExtras, frame: frame)
        return s + "</svg>"
    }
}
