import BearingVector
import Foundation
import Testing

@testable import BearingReport

/// The chart fixes of issue #15: coinciding series told apart, ratio axes that start at zero
/// or mark the break, the vector map as a density with threshold lines.
struct ChartFixTests {
    static func line(_ name: String, _ ys: [Double], mark: SeriesStyle.Mark = .line) -> LineChart.Line {
        .init(style: SeriesStyle(name: name, color: "#123456", mark: mark), points: ys.enumerated().map { (x: Double($0), y: $1) })
    }

    @Test func coincidingLinesGetTheirOwnDashMarkerAndLegendNote() {
        let chart = LineChart(
            title: "t", xAxis: AxisSpec(title: "p", format: .number(decimals: 0)), yAxis: AxisSpec(title: "AUC", format: .number(decimals: 2)),
            categories: ["a", "b", "c"],
            lines: [Self.line("Vector", [0.70, 0.72, 0.71]), Self.line("Logistic", [0.70, 0.72, 0.71]), Self.line("Health", [0.50, 0.52, 0.55])])
        let svg = chart.svg()
        #expect(svg.contains(">Vector (overlaps Logistic)</text>"))
        #expect(svg.contains(">Logistic (overlaps Vector)</text>"))
        #expect(svg.contains(">Health</text>"), "a line apart from the others keeps its name")
        let paths = svg.components(separatedBy: "<path class=\"mark\"").dropFirst().map { $0.prefix { $0 != ">" } }
        #expect(paths.count == 3)
        #expect(!paths[0].contains("stroke-dasharray") && paths[1].contains("stroke-dasharray=\"7 5\""), "the later of two solid lines is dashed")
        // Markers: circle, square, triangle per series (3 points each).
        #expect(occurrences(of: "<circle class=\"mark\"", in: svg) == 3)
        #expect(occurrences(of: "<rect class=\"mark\"", in: svg) == 3)
        #expect(occurrences(of: "<polygon class=\"mark\"", in: svg) == 3)
    }

    /// Hand cases: two lines 2 px apart at every shared x coincide; one point 10 px apart
    /// separates them; no shared x never coincides. Point sets coincide when half of the
    /// smaller set is within the tolerance.
    @Test func overlapRules() {
        let a: [(x: Double, y: Double)] = [(0, 100), (10, 110), (20, 120)]
        #expect(SeriesOverlap.lines([a, a.map { (x: $0.x, y: $0.y + 2) }], tolerance: 3) == [[1], [0]])
        #expect(SeriesOverlap.lines([a, [(0, 100), (10, 120), (20, 120)]], tolerance: 3) == [[], []])
        #expect(SeriesOverlap.lines([a, [(5, 100)]], tolerance: 3) == [[], []])
        #expect(SeriesOverlap.lines([a, [(0, .nan), (10, 111), (20, .nan)]], tolerance: 3) == [[1], [0]], "only finite shared points count")
        let b: [(x: Double, y: Double)] = [(0, 100), (10, 110), (50, 50), (80, 80)]
        #expect(SeriesOverlap.points([a, b], tolerance: 1) == [[1], [0]], "2 of the 3 points of the smaller set coincide")
        #expect(SeriesOverlap.points([a, [(0, 100), (90, 90), (95, 95)]], tolerance: 1) == [[], []], "1 of 3 does not")
        #expect(SeriesOverlap.legendName("A", overlaps: [1, 2], names: ["A", "B", "C"]) == "A (overlaps B, C)")
    }

    @Test func ratioAxesStartAtZeroOrMarkTheBreak() {
        let near = AxisSpec(title: "rate", format: .percent)
        #expect(near.isRatio)
        #expect(near.ticks(for: [0.02, 0.09]).first == 0, "2% is within half of 9%: the axis reaches zero")
        let far = AxisSpec(title: "NRR", format: .percent)
        let ticks = far.ticks(for: [0.85, 1.12])
        #expect(abs((ticks.first ?? 0) - 0.85) < 1e-9, "85% is far from zero: the data's range is kept")
        let frame = ChartFrame()
        let scale = LinearScale(domain: (0.8, 1.2), range: (frame.plotBottom, frame.plotTop))
        #expect(ChartAxes.y(far, ticks: ticks, scale: scale, frame: frame).contains("class=\"axis-break\""))
        #expect(ChartAxes.y(far, ticks: ticks, scale: scale, frame: frame).contains("Axis starts at 80%, not at zero"))
        let fromZero = LinearScale(domain: (0, 1.2), range: (frame.plotBottom, frame.plotTop))
        #expect(!ChartAxes.y(far, ticks: [0, 0.5, 1], scale: fromZero, frame: frame).contains("axis-break"))
        let money = AxisSpec(title: "$", format: .money)
        #expect(!money.isRatio)
        #expect(!ChartAxes.x(money, ticks: [100, 200], scale: LinearScale(domain: (100, 200), range: (0, 100)), frame: frame).contains("axis-break"))
        #expect(AxisSpec(title: "AUC", format: .number(decimals: 2), ratio: true).isRatio)
    }

    static let thresholds = CategoryThresholds(positiveDirection: 0.2, positiveMagnitude: 0.5, negativeDirection: -0.2, ghost: [])

    @Test func vectorMapBinsEveryCustomerAndDrawsThresholds() {
        // 3 customers at one spot (all moved right by 0.1), 1 far away.
        func p(_ id: String, _ d: Double, _ m: Double, _ category: String, bad: Bool = false) -> VectorMap.Point {
            VectorMap.Point(
                customerID: id, segment: "S", direction: d, magnitude: m, category: category, badFit: bad,
                previous: (direction: d - 0.1, magnitude: m))
        }
        let points = [
            p("a", 0.5, 0.8, "positive"), p("b", 0.5, 0.8, "positive", bad: true), p("c", 0.5, 0.8, "ghost"), p("d", -0.9, 0.1, "negative"),
        ]
        let chart = VectorMapChart(title: "t", points: points, thresholds: Self.thresholds, previousPeriod: "2026-Q1")
        let bins = chart.bins()
        #expect(bins.map(\.customers).sorted() == [1, 3])
        let dense = bins.first { $0.customers == 3 }
        #expect(dense?.badFit == 1)
        #expect(dense?.categories == ["positive": 2, "ghost": 1])
        #expect(abs((dense?.move.direction ?? 0) - 0.1) < 1e-12 && dense?.move.magnitude == 0)
        let svg = chart.svg()
        #expect(occurrences(of: "<polygon class=\"mark\"", in: svg) == 2)
        #expect(occurrences(of: "class=\"threshold\"/>", in: svg) == 4, "three threshold segments and the legend's line")
        #expect(svg.contains("3 customers near direction"))
        #expect(svg.contains("2 positive, 1 ghost; 1 bad fit"))
        #expect(occurrences(of: "marker-end=\"url(#vector-map-arrow)\"", in: svg) == 2, "one arrow (3 movers) and the legend's")
        // The negative threshold line sits at direction −0.2: x = 84 + (0.8 / 2) · 772.
        #expect(svg.contains("<line x1=\"392.8\" y1=\"44\" x2=\"392.8\" y2=\"500\" class=\"threshold\"/>"))
    }

    /// The density ramp runs from the light end (one customer) to the dark end (the maximum).
    @Test func densityFillEnds() {
        #expect(VectorMapChart.fill(count: 1, maximum: 40) == "#c6dbef")
        #expect(VectorMapChart.fill(count: 40, maximum: 40) == "#08306b")
        #expect(VectorMapChart.fill(count: 1, maximum: 1) == "#08306b")
    }
}
