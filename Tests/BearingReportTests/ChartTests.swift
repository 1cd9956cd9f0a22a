import Foundation
import Testing

@testable import BearingReport

/// Counts non-overlapping occurrences of `needle`.
func occurrences(of needle: String, in text: String) -> Int {
    text.components(separatedBy: needle).count - 1
}

struct ChartTests {
    @Test(arguments: [0, 1, 7, 500])
    func scatterDrawsOneMarkerPerPointInItsSeriesShape(n: Int) {
        let points = (0..<n).map { i in
            ScatterChart.Point(x: Double(i % 10) / 10, y: Double(i % 7) / 7, series: i % 2, hollow: i % 3 == 0)
        }
        let chart = ScatterChart(
            title: "t", xAxis: AxisSpec(title: "x", format: .number(decimals: 1)), yAxis: AxisSpec(title: "y", format: .percent),
            series: [SeriesStyle(name: "a", color: "#111"), SeriesStyle(name: "b", color: "#222")], points: points)
        let svg = chart.svg()
        // Series 0 circles, series 1 squares (MarkerShape order).
        #expect(occurrences(of: "<circle class=\"mark\"", in: svg) == (n + 1) / 2)
        #expect(occurrences(of: "<rect class=\"mark\"", in: svg) == n / 2)
        #expect(
            occurrences(of: "fill=\"none\" stroke=\"#111\"", in: svg) + occurrences(of: "fill=\"none\" stroke=\"#222\"", in: svg)
                == (0..<n).filter { $0 % 3 == 0 }.count)
        #expect(svg.hasPrefix("<svg") && svg.hasSuffix("</svg>"))
    }

    @Test func dataTextIsEscapedInCharts() {
        let chart = ScatterChart(
            title: "A <b>&", xAxis: AxisSpec(title: "x \"quoted\"", format: .money), yAxis: AxisSpec(title: "y", format: .money),
            series: [SeriesStyle(name: "<script>alert(1)</script>", color: "#111")], points: [.init(x: 1, y: 2, label: "C'1 <x>")])
        let svg = chart.svg()
        #expect(!svg.contains("<script>"))
        #expect(!svg.contains("<b>"))
        #expect(svg.contains("&lt;script&gt;"))
        #expect(svg.contains("C&#39;1 &lt;x&gt;"))
        #expect(svg.contains("x &quot;quoted&quot;"))
    }

    @Test func lineBreaksAtMissingValuesAndDrawsBands() {
        let chart = LineChart(
            title: "t", xAxis: AxisSpec(title: "period", format: .number(decimals: 0)), yAxis: AxisSpec(title: "$", format: .money),
            categories: ["Q1", "Q2", "Q3", "Q4"],
            lines: [.init(style: SeriesStyle(name: "a", color: "#111", mark: .line), points: [(0, 1), (1, 2), (2, .nan), (3, 4)])],
            bands: [.init(style: SeriesStyle(name: "band", color: "#222", mark: .band), points: [(0, 0, 2), (1, 1, 3), (3, 3, 5)])])
        let svg = chart.svg()
        #expect(occurrences(of: "<path class=\"mark\"", in: svg) == 1)
        let path = svg.components(separatedBy: "<path class=\"mark\" d=\"")[1].prefix { $0 != "\"" }
        #expect(path.filter { $0 == "M" }.count == 2, "a missing value starts a new segment: \(path)")
        #expect(occurrences(of: "<circle class=\"mark\"", in: svg) == 3)
        #expect(occurrences(of: "<polygon class=\"mark band\"", in: svg) == 1)
        for label in ["Q1", "Q2", "Q3", "Q4"] { #expect(svg.contains(">\(label)</text>")) }
    }

    @Test func barsOnePerValueWithZeroBaseline() {
        let chart = BarChart(
            title: "t", xTitle: "category", yAxis: AxisSpec(title: "%", format: .percent), categories: ["a", "b", "c"],
            series: [
                .init(style: SeriesStyle(name: "s1", color: "#111", mark: .bar), values: [0.1, nil, 0.3]),
                .init(style: SeriesStyle(name: "s2", color: "#222", mark: .bar), values: [0.2, 0.25, -0.05]),
            ])
        let svg = chart.svg()
        #expect(occurrences(of: "<rect class=\"mark\"", in: svg) == 5)
        #expect(svg.contains(">0%</text>"), "the axis includes zero")
        #expect(svg.contains(">-5.0%</text>"))
    }

    @Test func rangeChartOneIntervalAndMedianPerRow() {
        let chart = RangeChart(
            title: "t", xAxis: AxisSpec(title: "$", format: .money),
            rows: [
                .init(label: "Plan A", low: 6_400_000, mid: 6_450_000, high: 6_500_000, color: "#111"),
                .init(label: "Plan B", low: 8_800_000, mid: 8_900_000, high: 9_000_000, color: "#222"),
            ])
        let svg = chart.svg()
        #expect(occurrences(of: "<rect class=\"mark\"", in: svg) == 2)
        #expect(occurrences(of: "<circle class=\"mark\"", in: svg) == 2)
        #expect(svg.contains(">$6.4M</text>") && svg.contains(">$9M</text>"))
    }

    @Test func rangeChartDrawsEverySample() {
        let samples = (0..<37).map { 100.0 + Double($0) }
        let chart = RangeChart(
            title: "t", xAxis: AxisSpec(title: "$", format: .money),
            rows: [.init(label: "Plan", low: 102, mid: 118, high: 134, color: "#111", samples: samples + [.nan])])
        let svg = chart.svg()
        #expect(occurrences(of: "<circle class=\"mark sample\"", in: svg) == 37)
        #expect(occurrences(of: "<rect class=\"mark\"", in: svg) == 1)
    }

    @Test func tableEscapesCellsAndMarksRows() {
        let t = HTMLTable(
            header: ["Cohort", "NRR"], rows: [["bad-fit", "18.1%"], ["<all>", "84.2%"]], rowClasses: ["badfit", "rollup"], numericColumns: [1])
        let html = t.html()
        #expect(html.contains("<tr class=\"badfit\"><td>bad-fit</td><td class=\"num\">18.1%</td></tr>"))
        #expect(html.contains("&lt;all&gt;"))
    }
}
