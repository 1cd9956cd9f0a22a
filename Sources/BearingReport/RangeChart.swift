/// Horizontal intervals, one row each: a bar from `low` to `high` (e.g. P5–P95 over stress
/// trials) and a dot at `mid` (P50), each a `.mark`, values printed at both ends; optionally
/// every sample as a small dot (a strip plot of the whole distribution).
package struct RangeChart: Sendable {
    package struct Row: Sendable, Equatable {
        package var label: String
        package var low: Double
        package var mid: Double
        package var high: Double
        package var color: String
        /// Individual values (e.g. one per simulated trial), drawn as small dots under the bar.
        package var samples: [Double]

        package init(label: String, low: Double, mid: Double, high: Double, color: String, samples: [Double] = []) {
            self.label = label
            self.low = low
            self.mid = mid
            self.high = high
            self.color = color
            self.samples = samples
        }
    }

    package var title: String
    package var xAxis: AxisSpec
    package var rows: [Row]
    package var legend: [SeriesStyle] = []
    package var frame: ChartFrame

    package init(title: String, xAxis: AxisSpec, rows: [Row]) {
        self.title = title
        self.xAxis = xAxis
        self.rows = rows
        let labelWidth = Double(rows.map(\.label.count).max() ?? 8) * 7.2 + 20
        frame = ChartFrame(height: 110 + 52 * Double(rows.count), left: max(84, labelWidth), right: 64)
    }

    package func svg() -> String {
        let xTicks = xAxis.ticks(for: rows.flatMap { [$0.low, $0.high] + $0.samples })
        let sx = LinearScale(domain: xAxis.extent(ticks: xTicks), range: (frame.plotLeft, frame.plotRight))
        var s = SVG.open(width: frame.width, height: frame.height, title: title)
        s += ChartAxes.x(xAxis, ticks: xTicks, scale: sx, frame: frame)
        let rowHeight = (frame.plotBottom - frame.plotTop) / Double(max(1, rows.count))
        for (i, row) in rows.enumerated() {
            let y = frame.plotTop + rowHeight * (Double(i) + 0.5)
            let c = HTML.escape(row.color)
            s += SVG.text(row.label, x: frame.plotLeft - 10, y: y + 4, anchor: "end", cls: "row-label")
            // Samples spread over five lanes below the bar, by index, so the picture is the same on every run.
            for (k, v) in row.samples.enumerated() where v.isFinite {
                s +=
                    "<circle class=\"mark sample\" cx=\"\(SVG.f(sx(v)))\" cy=\"\(SVG.f(y + 10 + Double(k % 5) * 2.4))\" r=\"2\" fill=\"\(c)\" fill-opacity=\"0.45\"/>"
            }
            let x0 = sx(row.low)
            let x1 = sx(row.high)
            s +=
                "<rect class=\"mark\" x=\"\(SVG.f(x0))\" y=\"\(SVG.f(y - 7))\" width=\"\(SVG.f(max(2, x1 - x0)))\" height=\"14\" rx=\"3\" fill=\"\(c)\" fill-opacity=\"0.35\" stroke=\"\(c)\"/>"
            s +=
                "<circle class=\"mark\" cx=\"\(SVG.f(sx(row.mid)))\" cy=\"\(SVG.f(y))\" r=\"6\" fill=\"\(c)\" stroke=\"#fff\" stroke-width=\"1.5\"><title>\(HTML.escape("\(row.label): median \(xAxis.format.text(row.mid))"))</title></circle>"
            s += SVG.text(xAxis.format.text(row.low), x: x0 - 4, y: y - 11, anchor: "end", cls: "value")
            s += SVG.text(xAxis.format.text(row.high), x: max(x1, x0 + 2) + 4, y: y - 11, anchor: "start", cls: "value")
        }
        s += ChartAxes.legend(legend, frame: frame)
        return s + "</svg>"
    }
}
