/// Draws grid lines, tick labels and axis titles, and the legend row, for every chart type.
enum ChartAxes {
    /// A numeric y axis on the left with horizontal grid lines.
    static func y(_ axis: AxisSpec, ticks: [Double], scale: LinearScale, frame: ChartFrame) -> String {
        let step = ticks.count > 1 ? abs(ticks[1] - ticks[0]) : nil
        var s = "<g class=\"axis y\">"
        for t in ticks {
            let y = scale(t)
            s += "<line x1=\"\(SVG.f(frame.plotLeft))\" x2=\"\(SVG.f(frame.plotRight))\" y1=\"\(SVG.f(y))\" y2=\"\(SVG.f(y))\" class=\"grid\"/>"
            s += SVG.text(axis.format.text(t, step: step), x: frame.plotLeft - 8, y: y + 4, anchor: "end", cls: "tick")
        }
        let cx = 16.0
        let cy = (frame.plotTop + frame.plotBottom) / 2
        s += SVG.text(axis.title, x: cx, y: cy, cls: "axis-title", extra: "transform=\"rotate(-90 \(SVG.f(cx)) \(SVG.f(cy)))\"")
        return s + "</g>"
    }

    /// A numeric x axis at the bottom with vertical grid lines.
    static func x(_ axis: AxisSpec, ticks: [Double], scale: LinearScale, frame: ChartFrame) -> String {
        let step = ticks.count > 1 ? abs(ticks[1] - ticks[0]) : nil
        var s = "<g class=\"axis x\">"
        for t in ticks {
            let x = scale(t)
            s += "<line x1=\"\(SVG.f(x))\" x2=\"\(SVG.f(x))\" y1=\"\(SVG.f(frame.plotTop))\" y2=\"\(SVG.f(frame.plotBottom))\" class=\"grid\"/>"
            s += SVG.text(axis.format.text(t, step: step), x: x, y: frame.plotBottom + 18, cls: "tick")
        }
        s += SVG.text(axis.title, x: (frame.plotLeft + frame.plotRight) / 2, y: frame.height - 12, cls: "axis-title")
        return s + "</g>"
    }

    /// Category labels under evenly spaced bands (periods, categories, plans).
    static func categories(_ labels: [String], centers: [Double], title: String, frame: ChartFrame) -> String {
        var s = "<g class=\"axis x\">"
        s += "<line x1=\"\(SVG.f(frame.plotLeft))\" x2=\"\(SVG.f(frame.plotRight))\" y1=\"\(SVG.f(frame.plotBottom))\" y2=\"\(SVG.f(frame.plotBottom))\" class=\"baseline\"/>"
        // Thin out labels so they never overlap (about 7 px per character).
        let span = (centers.last ?? 0) - (centers.first ?? 0)
        let width = labels.count > 1 ? span / Double(labels.count - 1) : frame.plotRight - frame.plotLeft
        let longest = Double(labels.map(\.count).max() ?? 1) * 7 + 8
        let every = max(1, Int((longest / max(1, width)).rounded(.up)))
        for (i, label) in labels.enumerated() where i % every == 0 {
            s += SVG.text(label, x: centers[i], y: frame.plotBottom + 18, cls: "tick")
        }
        s += SVG.text(title, x: (frame.plotLeft + frame.plotRight) / 2, y: frame.height - 12, cls: "axis-title")
        return s + "</g>"
    }

    /// The legend: one row of swatches and names above the plot, left-aligned.
    static func legend(_ items: [SeriesStyle], frame: ChartFrame) -> String {
        guard !items.isEmpty else { return "" }
        var s = "<g class=\"legend\">"
        var x = frame.plotLeft
        let y = 18.0
        for item in items {
            let c = HTML.escape(item.color)
            switch item.mark {
            case .dot:
                s += "<circle cx=\"\(SVG.f(x + 6))\" cy=\"\(SVG.f(y))\" r=\"5\" fill=\"\(c)\"/>"
            case .hollowDot:
                s += "<circle cx=\"\(SVG.f(x + 6))\" cy=\"\(SVG.f(y))\" r=\"5\" fill=\"none\" stroke=\"\(c)\" stroke-width=\"2\"/>"
            case .line:
                s += "<line x1=\"\(SVG.f(x))\" x2=\"\(SVG.f(x + 16))\" y1=\"\(SVG.f(y))\" y2=\"\(SVG.f(y))\" stroke=\"\(c)\" stroke-width=\"3\"/>"
            case .dashedLine:
                s += "<line x1=\"\(SVG.f(x))\" x2=\"\(SVG.f(x + 16))\" y1=\"\(SVG.f(y))\" y2=\"\(SVG.f(y))\" stroke=\"\(c)\" stroke-width=\"3\" stroke-dasharray=\"5 3\"/>"
            case .band:
                s += "<rect x=\"\(SVG.f(x))\" y=\"\(SVG.f(y - 6))\" width=\"16\" height=\"12\" fill=\"\(c)\" opacity=\"0.25\"/>"
            case .bar:
                s += "<rect x=\"\(SVG.f(x))\" y=\"\(SVG.f(y - 6))\" width=\"12\" height=\"12\" fill=\"\(c)\"/>"
            }
            s += SVG.text(item.name, x: x + 22, y: y + 4, anchor: "start", cls: "legend-label")
            x += 22 + Double(item.name.count) * 7 + 20
        }
        return s + "</g>"
    }
}
