/// A named, coloured data series as the legend shows it.
package struct SeriesStyle: Sendable, Equatable {
    package enum Mark: Sendable, Equatable { case dot, hollowDot, line, dashedLine, band, bar }
    package var name: String
    package var color: String
    package var mark: Mark
    /// Marker shape of dots (on lines and in scatter plots); charts give each series its own.
    package var shape: MarkerShape
    /// SVG `stroke-dasharray` of a line; nil draws it solid (or with the default dash of
    /// `.dashedLine`).
    package var dash: String?

    package init(name: String, color: String, mark: Mark = .dot, shape: MarkerShape = .circle, dash: String? = nil) {
        self.name = name
        self.color = color
        self.mark = mark
        self.shape = shape
        self.dash = dash
    }

    /// The dash pattern the line is drawn with ("" for solid).
    var strokeDash: String { dash ?? (mark == .dashedLine ? "6 4" : "") }
}

/// The colours of the report: categories keep the same colour in every chart.
package enum Palette {
    /// Series colours in order (colour-blind-friendly Tableau 10 subset).
    package static let series = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#9c755f"]

    /// The colour of a vector category label (`positive`, `neutral`, `negative`, `ghost`).
    package static func category(_ label: String) -> String {
        switch label {
        case "positive": "#2e7d32"
        case "neutral": "#e0a100"
        case "negative": "#c62828"
        case "ghost": "#7b7b7b"
        default: "#4e79a7"
        }
    }

    package static func series(_ i: Int) -> String { series[((i % series.count) + series.count) % series.count] }
}

/// One axis: its title (with the unit), how its ticks print, and an optional fixed domain.
///
/// A ratio axis (rates, shares, AUC: anything where zero is the natural floor) never starts
/// above zero silently: its automatic domain reaches down to zero when the data's lowest value
/// is at most half its highest, and otherwise keeps the data's range and the chart draws an
/// axis break at the low end.
package struct AxisSpec: Sendable, Equatable {
    package var title: String
    package var format: ValueFormat
    package var domain: (low: Double, high: Double)?
    /// Whether the automatic domain must include zero (bars and money usually should).
    package var includeZero: Bool
    /// Whether zero is the axis' natural floor (percent axes by default).
    package var isRatio: Bool

    package init(title: String, format: ValueFormat, domain: (Double, Double)? = nil, includeZero: Bool = false, ratio: Bool? = nil) {
        self.title = title
        self.format = format
        self.domain = domain.map { (low: $0.0, high: $0.1) }
        self.includeZero = includeZero
        self.isRatio = ratio ?? (format == .percent)
    }

    package static func == (a: AxisSpec, b: AxisSpec) -> Bool {
        a.title == b.title && a.format == b.format && a.includeZero == b.includeZero && a.isRatio == b.isRatio
            && a.domain?.low == b.domain?.low && a.domain?.high == b.domain?.high
    }

    /// Ticks for data spanning `values` (or the fixed domain).
    func ticks(for values: [Double], target: Int = 5) -> [Double] {
        if let domain {
            return Ticks.nice(low: domain.low, high: domain.high, target: target).filter { $0 >= domain.low - 1e-9 && $0 <= domain.high + 1e-9 }
        }
        let finite = values.filter(\.isFinite)
        var lo = finite.min() ?? 0
        var hi = finite.max() ?? 1
        if includeZero || (isRatio && lo > 0 && lo <= hi / 2) {
            lo = min(lo, 0)
            hi = max(hi, 0)
        }
        return Ticks.nice(low: lo, high: hi, target: target)
    }

    /// The plotted domain: the fixed one, else first to last tick.
    func extent(ticks: [Double]) -> (Double, Double) {
        if let domain { return (domain.low, domain.high) }
        return (ticks.first ?? 0, ticks.last ?? 1)
    }

    /// Whether a chart with this axis over `low...` must mark a break: a ratio axis that does
    /// not start at zero.
    func needsBreak(low: Double) -> Bool { isRatio && low > 1e-12 }
}

/// Size and margins of a chart in SVG pixels (the page scales it to its container).
package struct ChartFrame: Sendable, Equatable {
    package var width: Double
    package var height: Double
    package var left: Double
    package var right: Double
    package var top: Double
    package var bottom: Double

    package init(width: Double = 880, height: Double = 400, left: Double = 84, right: Double = 24, top: Double = 44, bottom: Double = 60) {
        self.width = width
        self.height = height
        self.left = left
        self.right = right
        self.top = top
        self.bottom = bottom
    }

    var plotLeft: Double { left }
    var plotRight: Double { width - right }
    var plotTop: Double { top }
    var plotBottom: Double { height - bottom }
}
