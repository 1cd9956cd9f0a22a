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

    package func svg() -> String {
        let ys = lines.flatMap { $0.points.map(\.y) } + bands.flatMap { $0.points.flatMap { [$0.low, $0.high] } }
        let yTicks = yAxis.ticks(for: ys)
        let sy = LinearScale(domain: yAxis.extent(ticks: yTicks), range: (frame.plotBottom, frame.plotTop))
        var s = SVG.open(width: frame.width, height: frame.height, title: title)
        s += ChartAxes.y(yAxis, ticks: yTicks, scale: sy, frame: frame)
        let sx: LinearScale
        if categories.isEmpty {
            let xTicks = xAxis.ticks(for: lines.flatMap { $0.points.map(\.x) } + bands.flatMap { $0.points.map(\.x) })
            sx = LinearScale(domain: xAxis.extent(ticks: xTicks), range: (frame.plotLeft, frame.plotRight))
            s += ChartAxes.x(xAxis, ticks: xTicks, scale: sx, frame: frame)
        } else {
            let pad = (frame.plotRight - frame.plotLeft) / Double(max(1, categories.count)) / 2
            sx = LinearScale(domain: (0, Double(max(1, categories.count - 1))), range: (frame.plotLeft + pad, frame.plotRight - pad))
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
            s += "<polygon class=\"mark band\" points=\"\((upper + lower).joined(separator: " "))\" fill=\"\(HTML.escape(band.style.color))\" fill-opacity=\"0.22\" stroke=\"none\"/>"
        }
        for line in lines {
            let color = HTML.escape(line.style.color)
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
            let dash = line.style.mark == .dashedLine ? " stroke-dasharray=\"6 4\"" : ""
            s += "<path class=\"mark\" d=\"\(d)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"2.5\"\(dash)/>"
            if line.dots {
                for p in line.points where p.y.isFinite && p.x.isFinite {
                    s += "<circle class=\"mark\" cx=\"\(SVG.f(sx(p.x)))\" cy=\"\(SVG.f(sy(p.y)))\" r=\"3.5\" fill=\"\(color)\"/>"
                }
            }
        }
        s += ChartAxes.legend(bands.map(\.style) + lines.map(\.style), frame: frame)
        return s + "</svg>"
    }
}
