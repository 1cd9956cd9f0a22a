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
        if axis.needsBreak(low: scale.domain.low) {
            s += axisBreak(x: frame.plotLeft, y: frame.plotBottom - 7, vertical: true, low: axis.format.text(scale.domain.low, step: step))
        }
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
        if axis.needsBreak(low: scale.domain.low) {
            s += axisBreak(x: frame.plotLeft + 7, y: frame.plotBottom, vertical: false, low: axis.format.text(scale.domain.low, step: step))
        }
        return s + "</g>"
    }

    /// The break mark of a ratio axis that does not start at zero: two slanted strokes across
    /// the axis near its low end, as printed charts mark a cut axis.
    static func axisBreak(x: Double, y: Double, vertical: Bool, low: String) -> String {
        let title = "<title>\(HTML.escape("Axis starts at \(low), not at zero"))</title>"
        let (w, h) = vertical ? (9.0, 3.0) : (3.0, 9.0)
        var s = "<g class=\"axis-break\">\(title)"
        s += "<rect x=\"\(SVG.f(x - w))\" y=\"\(SVG.f(y - h))\" width=\"\(SVG.f(2 * w))\" height=\"\(SVG.f(2 * h))\" fill=\"#fff\"/>"
        for offset in [-3.0, 3.0] {
            if vertical {
                s +=
                    "<line x1=\"\(SVG.f(x - 8))\" y1=\"\(SVG.f(y + offset + 3))\" x2=\"\(SVG.f(x + 8))\" y2=\"\(SVG.f(y + offset - 3))\" stroke=\"#555\" stroke-width=\"1.5\"/>"
            } else {
                s +=
                    "<line x1=\"\(SVG.f(x + offset - 3))\" y1=\"\(SVG.f(y + 8))\" x2=\"\(SVG.f(x + offset + 3))\" y2=\"\(SVG.f(y - 8))\" stroke=\"#555\" stroke-width=\"1.5\"/>"
            }
        }
        return s + "</g>"
    }

    /// Category labels under evenly spaced bands (periods, categories, plans).
    static func categories(_ labels: [String], centers: [Double], title: String, frame: ChartFrame) -> String {
        var s = "<g class=\"axis x\">"
        s +=
            "<line x1=\"\(SVG.f(frame.plotLeft))\" x2=\"\(SVG.f(frame.plotRight))\" y1=\"\(SVG.f(frame.plotBottom))\" y2=\"\(SVG.f(frame.plotBottom))\" class=\"baseline\"/>"
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

    /// Legend rows needed for `items` across the frame's plot width.
    static func legendRows(_ items: [SeriesStyle], frame: ChartFrame) -> Int {
        legendLayout(items, frame: frame).last.map { $0.row + 1 } ?? 0
    }

    /// Where each legend item goes: rows of swatches and names above the plot, left-aligned,
    /// wrapping before the plot's right edge.
    static func legendLayout(_ items: [SeriesStyle], frame: ChartFrame) -> [(x: Double, row: Int)] {
        var out: [(x: Double, row: Int)] = []
        var x = frame.plotLeft
        var row = 0
        for item in items {
            let width = 22 + Double(item.name.count) * 7 + 20
            if x > frame.plotLeft, x + width - 20 > frame.plotRight {
                row += 1
                x = frame.plotLeft
            }
            out.append((x, row))
            x += width
        }
        return out
    }

    /// The legend, 20 px per row from the top of the chart. Lines show their dash and marker
    /// shape (unless their index is in `plainLines`: lines drawn without dots).
    static func legend(_ items: [SeriesStyle], frame: ChartFrame, plainLines: Set<Int> = []) -> String {
        guard !items.isEmpty else { return "" }
        var s = "<g class=\"legend\">"
        for (k, (item, place)) in zip(items, legendLayout(items, frame: frame)).enumerated() {
            let x = place.x
            let y = 18.0 + 20 * Double(place.row)
            let c = HTML.escape(item.color)
            switch item.mark {
            case .dot:
                s += item.shape.svg(x: x + 6, y: y, r: 5, paint: "fill=\"\(c)\"", cls: "swatch")
            case .hollowDot:
                s += item.shape.svg(x: x + 6, y: y, r: 5, paint: "fill=\"none\" stroke=\"\(c)\" stroke-width=\"2\"", cls: "swatch")
            case .line, .dashedLine:
                let dash = item.strokeDash.isEmpty ? "" : " stroke-dasharray=\"\(HTML.escape(item.strokeDash))\""
                s +=
                    "<line x1=\"\(SVG.f(x - 2))\" x2=\"\(SVG.f(x + 18))\" y1=\"\(SVG.f(y))\" y2=\"\(SVG.f(y))\" stroke=\"\(c)\" stroke-width=\"3\"\(dash)/>"
                if !plainLines.contains(k) {
                    s += item.shape.svg(x: x + 8, y: y, r: 4, paint: "fill=\"\(c)\" stroke=\"#fff\" stroke-width=\"1\"", cls: "swatch")
                }
            case .band:
                s += "<rect x=\"\(SVG.f(x))\" y=\"\(SVG.f(y - 6))\" width=\"16\" height=\"12\" fill=\"\(c)\" opacity=\"0.25\"/>"
            case .bar:
                s += "<rect x=\"\(SVG.f(x))\" y=\"\(SVG.f(y - 6))\" width=\"12\" height=\"12\" fill=\"\(c)\"/>"
            }
            s += SVG.text(item.name, x: x + 22, y: y + 4, anchor: "start", cls: "legend-label")
        }
        return s + "</g>"
    }
}
