/// Lines over a numeric x axis or over categories (periods), with shaded bands (e.g. the
/// P10–P90 interval of a forecast). Each line is a `<path class="mark">` with a dot per value.
package struct LineChart: Sendable {
    package struct Line: Sendable {
        package var style: SeriesStyle
        /// (x, y) pairs; in category mode x is the category index. Non-finite y breaks the line.
        package var points: [(x: Double, y: Double)]
        package var dots: Bool

        package init(style: SeriesStyle, points: [(x: Double, y: Double)], dots: Bool = true) {
            self.style = style
            self.points = points
            self.dots = dots
        }
    }

    package struct Band: Sendable {
        package var style: SeriesStyle
        package var points: [(x: Double, low: Double, high: Double)]

        package init(style: SeriesStyle, points: [(x: Double, low: Double, high: Double)]) {
            self.style = style
            self.points = points
        }
    }

    package var title: String
    package var xAxis: AxisSpec
    package var yAxis: AxisSpec
    /// When not empty, x values are indices into these labels (evenly spaced).
    package var categories: [String]
    package var lines: [Line]
    package var bands: [Band]
    /// A diagonal y = x reference (ROC chance line, perfect calibration).
    package var diagonal = false
    package var frame = ChartFrame()

    package init(title: String, xAxis: AxisSpec, yAxis: AxisSpec, categories: [String] = [], lines: [Line], bands: [Band] = []) {
        self.title = title
        self.xAxis = xAxis
        self.yAxis = yAxis
        self.categories = categories
        self.lines = lines
        self.bands = bands
    }

    /// Lines closer than this (pixels) at every shared x are drawn apart and named as overlapping.
    static let overlapTolerance = 3.0
    /// Dash patterns given to a line that coincides with an earlier one drawn the same way.
    static let overlapDashes = ["7 5", "2 4", "10 4 2 4"]

    package func svg() -> String {
        var frame = self.frame
        let ys = lines.flatMap { $0.points.map(\.y) } + bands.flatMap { $0.points.flatMap { [$0.low, $0.high] } }
        let yTicks = yAxis.ticks(for: ys)
        let xTicks = xAxis.ticks(for: lines.flatMap { $0.points.map(\.x) } + bands.flatMap { $0.points.map(\.x) })
        // Styles: each line its own marker shape; a line that coincides with another keeps a
        // different dash from it, and the legend says which it overlaps.
        var styles = lines.enumerated().map { i, line in
            var style = line.style
            style.shape = MarkerShape.forSeries(i)
            return style
        }
        let probe = scales(frame: frame, yTicks: yTicks, xTicks: xTicks)
        let overlaps = SeriesOverlap.lines(
            lines.map { $0.points.map { (x: probe.x($0.x), y: probe.y($0.y)) } }, tolerance: Self.overlapTolerance)
        for j in styles.indices {
            let taken = Set(overlaps[j].filter { $0 < j }.map { styles[$0].strokeDash })
            if taken.contains(styles[j].strokeDash), let free = Self.overlapDashes.first(where: { !taken.contains($0) }) {
                styles[j].dash = free
            }
        }
        let names = styles.map(\.name)
        for j in styles.indices {
            styles[j].name = SeriesOverlap.legendName(names[j], overlaps: overlaps[j], names: names)
        }
        let legendItems = bands.map(\.style) + styles
        let plain = Set(lines.indices.filter { !lines[$0].dots }.map { $0 + bands.count })
        let extra = 20 * Double(max(0, ChartAxes.legendRows(legendItems, frame: frame) - 1))
        frame.top += extra
        frame.height += extra

        let (sx, sy) = scales(frame: frame, yTicks: yTicks, xTicks: xTicks)
        var s = SVG.open(width: frame.width, height: frame.height, title: title)
        s += ChartAxes.y(yAxis, ticks: yTicks, scale: sy, frame: frame)
        if categories.isEmpty {
            s += ChartAxes.x(xAxis, ticks: xTicks, scale: sx, frame: frame)
        } else {
            s += ChartAxes.categories(categories, centers: categories.indices.map { sx(Double($0)) }, title: xAxis.title, frame: frame)
        }
        if diagonal {
            let lo = max(sx.domain.low, sy.domain.low)
            let hi = min(sx.domain.high, sy.domain.high)
            s += "<line x1=\"\(SVG.f(sx(lo)))\" y1=\"\(SVG.f(sy(lo)))\" x2=\"\(SVG.f(sx(hi)))\" y2=\"\(SVG.f(sy(hi)))\" class=\"reference\"/>"
        }
        for band in bands where !band.points.isEmpty {
            let upper = band.points.map { "\(SVG.f(sx($0.x))),\(SVG.f(sy($0.high)))" }
            let lower = band.points.reversed().map { "\(SVG.f(sx($0.x))),\(SVG.f(sy($0.low)))" }
            s +=
                "<polygon class=\"mark band\" points=\"\((upper + lower).joined(separator: " "))\" fill=\"\(HTML.escape(band.style.color))\" fill-opacity=\"0.22\" stroke=\"none\"/>"
        }
        for (line, style) in zip(lines, styles) {
            let color = HTML.escape(style.color)
            var d = ""
            var pen = false
            for p in line.points {
                guard p.y.isFinite, p.x.isFinite else {
                    pen = false
                    continue
                }
                d += (pen ? "L" : "M") + "\(SVG.f(sx(p.x))),\(SVG.f(sy(p.y)))"
                pen = true
            }
            guard !d.isEmpty else { continue }
            let dash = style.strokeDash.isEmpty ? "" : " stroke-dasharray=\"\(HTML.escape(style.strokeDash))\""
            s += "<path class=\"mark\" d=\"\(d)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"2.5\"\(dash)/>"
            if line.dots {
                for p in line.points where p.y.isFinite && p.x.isFinite {
                    s += style.shape.svg(x: sx(p.x), y: sy(p.y), r: 3.5, paint: "fill=\"\(color)\" stroke=\"#fff\" stroke-width=\"0.8\"")
                }
            }
        }
        s += ChartAxes.legend(legendItems, frame: frame, plainLines: plain)
        return s + "</svg>"
    }

    /// The x and y scales over `frame`'s plot area.
    private func scales(frame: ChartFrame, yTicks: [Double], xTicks: [Double]) -> (x: LinearScale, y: LinearScale) {
        let sy = LinearScale(domain: yAxis.extent(ticks: yTicks), range: (frame.plotBottom, frame.plotTop))
        if categories.isEmpty {
            return (LinearScale(domain: xAxis.extent(ticks: xTicks), range: (frame.plotLeft, frame.plotRight)), sy)
        }
        let pad = (frame.plotRight - frame.plotLeft) / Double(max(1, categories.count)) / 2
        return (LinearScale(domain: (0, Double(max(1, categories.count - 1))), range: (frame.plotLeft + pad, frame.plotRight - pad)), sy)
    }
}
