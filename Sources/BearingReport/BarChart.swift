/// Grouped vertical bars: one group per category, one bar per series, each a
/// `<rect class="mark">` with its value printed above it.
package struct BarChart: Sendable {
    package struct Series: Sendable {
        package var style: SeriesStyle
        /// One value per category; nil leaves a gap.
        package var values: [Double?]
        /// Per category, an interval drawn as an error bar over the bar (nil: none).
        package var intervals: [(low: Double, high: Double)?]
        /// Per category, whether the value comes from too small a sample (drawn pale).
        package var greyed: [Bool]

        package init(style: SeriesStyle, values: [Double?], intervals: [(low: Double, high: Double)?] = [], greyed: [Bool] = []) {
            self.style = style
            self.values = values
            self.intervals = intervals
            self.greyed = greyed
        }
    }

    package var title: String
    package var xTitle: String
    package var yAxis: AxisSpec
    package var categories: [String]
    package var series: [Series]
    package var valueLabels = true
    package var frame = ChartFrame()

    package init(title: String, xTitle: String, yAxis: AxisSpec, categories: [String], series: [Series]) {
        self.title = title
        self.xTitle = xTitle
        var axis = yAxis
        axis.includeZero = true
        self.yAxis = axis
        self.categories = categories
        self.series = series
    }

    package func svg() -> String {
        let values = series.flatMap { $0.values.compactMap { $0 } + $0.intervals.compactMap { $0.map(\.high) } }
        let yTicks = yAxis.ticks(for: values)
        let sy = LinearScale(domain: yAxis.extent(ticks: yTicks), range: (frame.plotBottom, frame.plotTop))
        var s = SVG.open(width: frame.width, height: frame.height, title: title)
        s += ChartAxes.y(yAxis, ticks: yTicks, scale: sy, frame: frame)
        let groupWidth = (frame.plotRight - frame.plotLeft) / Double(max(1, categories.count))
        let barWidth = groupWidth * 0.8 / Double(max(1, series.count))
        let centers = categories.indices.map { frame.plotLeft + groupWidth * (Double($0) + 0.5) }
        s += ChartAxes.categories(categories, centers: centers, title: xTitle, frame: frame)
        let zero = sy(min(max(0, sy.domain.low), sy.domain.high))
        let showLabels = valueLabels && barWidth >= 26
        for (k, ser) in series.enumerated() {
            let color = HTML.escape(ser.style.color)
            for (i, value) in ser.values.enumerated() where i < categories.count {
                guard let value, value.isFinite else { continue }
                let x = frame.plotLeft + groupWidth * (Double(i) + 0.1) + barWidth * Double(k)
                let y = sy(value)
                let top = min(y, zero)
                let h = max(0.5, abs(zero - y))
                let text = yAxis.format.text(value)
                let pale = i < ser.greyed.count && ser.greyed[i]
                let interval = i < ser.intervals.count ? ser.intervals[i] : nil
                let range = interval.map { " (\(yAxis.format.text($0.low))–\(yAxis.format.text($0.high)))" } ?? ""
                let opacity = pale ? " fill-opacity=\"0.3\"" : ""
                s +=
                    "<rect class=\"mark\" x=\"\(SVG.f(x + 1))\" y=\"\(SVG.f(top))\" width=\"\(SVG.f(max(1, barWidth - 2)))\" height=\"\(SVG.f(h))\" fill=\"\(color)\"\(opacity)><title>\(HTML.escape("\(ser.style.name), \(categories[i]): \(text)\(range)\(pale ? ", too few rows to judge" : "")"))</title></rect>"
                var labelY = top - 4
                if let interval, interval.low.isFinite, interval.high.isFinite {
                    let cx = x + barWidth / 2
                    let (y0, y1) = (sy(interval.low), sy(interval.high))
                    s +=
                        "<path class=\"error-bar\" d=\"M\(SVG.f(cx)),\(SVG.f(y0))V\(SVG.f(y1))M\(SVG.f(cx - 5)),\(SVG.f(y0))h10M\(SVG.f(cx - 5)),\(SVG.f(y1))h10\" stroke=\"#333\" stroke-width=\"1.2\" fill=\"none\"/>"
                    labelY = min(labelY, y1 - 4)
                }
                if showLabels { s += SVG.text(text, x: x + barWidth / 2, y: labelY, cls: "value") }
            }
        }
        s += ChartAxes.legend(series.count > 1 ? series.map(\.style) : [], frame: frame)
        return s + "</svg>"
    }
}
