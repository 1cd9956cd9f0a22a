import Testing

@testable import BearingReport

struct FormattingTests {
    @Test func escapesEverythingThatCouldBreakMarkupOrAttributes() {
        #expect(HTML.escape("<a href=\"x\">Tom & Jerry's</a>") == "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;")
        #expect(HTML.escape("plain text, 100%") == "plain text, 100%")
        #expect(HTML.escape("&amp;") == "&amp;amp;")
        #expect(HTML.escape("Größe – 😀") == "Größe – 😀")
    }

    @Test(arguments: [
        (0.0, "$0"), (950.0, "$950"), (999.4, "$999"), (999.6, "$1k"), (1_000.0, "$1k"), (8_500.0, "$8.5k"),
        (9_960.0, "$10k"), (850_000.0, "$850k"), (999_400.0, "$999k"), (999_999.0, "$1M"), (1_234_567.0, "$1.2M"),
        (2_000_000.0, "$2M"), (12_340_000.0, "$12.3M"), (174_300_000.0, "$174M"), (1_230_000_000.0, "$1.2B"),
        (-1_500.0, "-$1.5k"), (-850_000.0, "-$850k"),
    ])
    func money(value: Double, text: String) {
        #expect(ReportFormat.money(value) == text)
    }

    @Test func nonFiniteValuesPrintAsADashNeverAsZero() {
        #expect(ReportFormat.money(.nan) == "–")
        #expect(ReportFormat.money(.infinity) == "–")
        #expect(ReportFormat.percent(nil) == "–")
        #expect(ReportFormat.percent(.nan) == "–")
        #expect(ReportFormat.number(nil) == "–")
    }

    @Test func percentages() {
        #expect(ReportFormat.percent(0.973) == "97.3%")
        #expect(ReportFormat.percent(1.0) == "100.0%")
        #expect(ReportFormat.percent(-0.052) == "-5.2%")
        #expect(ReportFormat.percent(0.0282, decimals: 2) == "2.82%")
        #expect(ReportFormat.percent(0.5, decimals: 0) == "50%")
    }

    @Test func numbersGetThousandsSeparators() {
        #expect(ReportFormat.number(12_345.678, decimals: 1) == "12,345.7")
        #expect(ReportFormat.number(-1_234_567) == "-1,234,567")
        #expect(ReportFormat.number(999) == "999")
        #expect(ReportFormat.number(0.757, decimals: 3) == "0.757")
        #expect(ReportFormat.number(-0.0001, decimals: 2) == "0.00")
        #expect(ReportFormat.count(10_000) == "10,000")
    }

    @Test func tickLabelsUseAsManyDecimalsAsTheStep() {
        #expect(ValueFormat.percent.text(0.05, step: 0.05) == "5%")
        #expect(ValueFormat.percent.text(0.025, step: 0.025) == "2.5%")
        #expect(ValueFormat.number(decimals: 0).text(0.25, step: 0.25) == "0.25")
        #expect(ValueFormat.number(decimals: 1).text(-1, step: 0.5) == "-1.0")
        #expect(ValueFormat.money.text(2_500_000, step: 500_000) == "$2.5M")
    }
}
