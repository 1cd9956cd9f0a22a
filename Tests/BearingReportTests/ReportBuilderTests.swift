import Testing
@testable import BearingReport

struct ReportBuilderTests {
    static func point(_ id: String, _ d: Double = 0.1, category: String = "neutral") -> VectorMap.Point {
        VectorMap.Point(customerID: id, segment: "S", direction: d, magnitude: 0.5, category: category, badFit: false)
    }

    @Test func sampleIsDeterministicOrderFreeAndNested() {
        let points = (0..<1_000).map { Self.point("C\($0)") }
        let a = VectorMap.sample(points, limit: 100)
        let b = VectorMap.sample(points.reversed(), limit: 100)
        #expect(a.count == 100)
        #expect(a == b)
        let bigger = Set(VectorMap.sample(points, limit: 300).map(\.customerID))
        #expect(Set(a.map(\.customerID)).isSubset(of: bigger))
        #expect(VectorMap.sample(Array(points.prefix(10)), limit: 100).count == 10)
        #expect(VectorMap.fnv1a("") == 0xcbf2_9ce4_8422_2325)
        #expect(VectorMap.fnv1a("a") == 0xaf63_dc4c_8601_ec8c)  // published FNV-1a 64 test vector
    }

    @Test func emptyInputsStillShowEverySectionAndSaySoPlainly() {
        let html = ReportBuilder.page(ReportInputs(source: "empty"), generatedBy: "test").html()
        for id in ["vector-map", "cohorts", "calibration", "forecasts", "comp", "files"] {
            #expect(html.contains("<section id=\"\(id)\">"), "section \(id)")
        }
        #expect(!html.contains("<svg"))
        #expect(occurrences(of: "<p class=\"missing\"><strong>Not available:</strong>", in: html) == 6)
        #expect(html.contains("bearing backtest"))
        #expect(!html.contains("<script"))
        #expect(!html.contains("http://") && !html.contains("https://"))
    }

    @Test func vectorMapSectionDrawsTheSample() {
        var inputs = ReportInputs(source: "x")
        let points = (0..<50).map { Self.point("C\($0)", Double($0) / 50, category: $0 % 2 == 0 ? "positive" : "ghost") }
        inputs.vectorMap = VectorMap(period: "2026-Q2", previousPeriod: "2026-Q1", points: points, totalCustomers: 80, categoryCounts: ["positive": 40, "ghost": 40])
        let html = ReportBuilder.page(inputs, generatedBy: "test").html()
        #expect(occurrences(of: "<circle class=\"mark\"", in: html) == 50)
        #expect(html.contains("50 of 80 customers shown"))
        #expect(html.contains("Heading toward outcome, strong experience"))
    }

    @Test func printStylesAndNoExternalResources() {
        let html = ReportPage(title: "T & <U>", sections: []).html()
        #expect(html.contains("@media print"))
        #expect(html.contains("<title>T &amp; &lt;U&gt;</title>"))
        #expect(html.hasPrefix("<!DOCTYPE html>"))
    }
}
