/// A scatter plot: one marker (`class="mark"`) per point, each series its own colour and marker
/// shape, optional reference lines. Series whose points mostly coincide are named as
/// overlapping in the legend.
package struct ScatterChart: Sendable {
    package struct Point: Sendable, Equatable {
        package var x: Double
        package var y: Double
        /// Index into `series` (colour, shape and legend name).
        package var series: Int
        /// Drawn as an outline instead of a filled marker.
        package var hollow: Bool
        /// Tooltip text.
        package var label: String

        package init(x: Double, y: Double, series: Int = 0, hollow: Bool = false, label: String = "") {
            self.x = x
            self.y = y
            self.series = series
            self.hollow = hollow
            self.label = label
        }
    }

    package var title: String
    package var xAxis: AxisSpec
    package var yAxis: AxisSpec
    package var series: [SeriesStyle]
    package var points: [Point]
    /// Extra legend entries.
    package var legendExtras: [SeriesStyle] = []
    /// Vertical and horizontal reference lines, in data units.
    package var referenceX: [Double] = []
    package var referenceY: [Double] = []
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
        var frame = self.frame
        let xTicks = xAxis.ticks(for: points.map(\.x))
        let yTicks = yAxis.ticks(for: points.map(\.y))
        var styles = series.enumerated().map { i, style in
            var style = style
            style.shape = MarkerShape.forSeries(i)
            return style
        }
        // Plot height and width do not depend on the legend, so pixel distances are final here.
        let probeX = LinearScale(domain: xAxis.extent(ticks: xTicks), range: (frame.plotLeft, frame.plotRight))
        let probeY = LinearScale(domain: yAxis.extent(ticks: yTicks), range: (frame.plotBottom, frame.plotTop))
        let sets = styles.indices.map { k in points.filter { $0.series == k }.map { (x: probeX($0.x), y: probeY($0.y)) } }
        let overlaps = SeriesOverlap.points(sets, tolerance: radius)
        let names = styles.map(\.name)
        for k in styles.indices { styles[k].name = SeriesOverlap.legendName(names[k], overlaps: overlaps[k], names: names) }
        let legendItems = styles + legendExtras
        let extra = 20 * Double(max(0, ChartAxes.legendRows(legendItems, frame: frame) - 1))
        frame.top += extra
        frame.height += extra

        let sx = LinearScale(domain: xAxis.extent(ticks: xTicks), range: (frame.plotLeft, frame.plotRight))
        let sy = LinearScale(domain: yAxis.extent(ticks: yTicks), range: (frame.plotBottom, frame.plotTop))
        var s = SVG.open(width: frame.width, height: frame.height, title: title)
        s += ChartAxes.y(yAxis, ticks: yTicks, scale: sy, frame: frame)
        s += ChartAxes.x(xAxis, ticks: xTicks, scale: sx, frame: frame)
        for r in referenceX {
            s +=
                "<line x1=\"\(SVG.f(sx(r)))\" x2=\"\(SVG.f(sx(r)))\" y1=\"\(SVG.f(frame.plotTop))\" y2=\"\(SVG.f(frame.plotBottom))\" class=\"reference\"/>"
        }
        for r in referenceY {
            s +=
                "<line x1=\"\(SVG.f(frame.plotLeft))\" x2=\"\(SVG.f(frame.plotRight))\" y1=\"\(SVG.f(sy(r)))\" y2=\"\(SVG.f(sy(r)))\" class=\"reference\"/>"
        }
        s += "<g class=\"points\">"
        for p in points where p.x.isFinite && p.y.isFinite {
            let style = styles.indices.contains(p.series) ? styles[p.series] : nil
            let color = HTML.escape(style?.color ?? Palette.series(p.series))
            let shape = style?.shape ?? MarkerShape.forSeries(p.series)
            let paint = p.hollow ? "fill=\"none\" stroke=\"\(color)\" stroke-width=\"1.6\"" : "fill=\"\(color)\" stroke=\"#fff\" stroke-width=\"0.8\""
            s += shape.svg(x: sx(p.x), y: sy(p.y), r: radius, paint: paint, title: p.label)
        }
        s += "</g>"
        s += ChartAxes.legend(legendItems, frame: frame)
        return s + "</svg>"
    }
}
