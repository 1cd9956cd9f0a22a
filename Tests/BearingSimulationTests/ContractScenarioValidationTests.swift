import BearingFiles
import BearingSimulation
import Foundation
import Testing

/// `segments[].contracts` and `segments[].new_logos`: decoding, defaults and located errors.
struct ContractScenarioValidationTests {
    static let csmsKey = #""csms": 2}"#

    /// The minimal scenario with extra keys in its segment.
    func decode(_ extra: String) throws -> Scenario {
        let text = ScenarioValidationTests.minimal.replacingOccurrences(of: Self.csmsKey, with: #""csms": 2, "# + extra + "}")
        return try JSONDecoder().decode(Scenario.self, from: Data(text.utf8))
    }

    func error(_ extra: String) -> String? {
        ScenarioValidationTests().decodeError(replacing: Self.csmsKey, with: #""csms": 2, "# + extra + "}")
    }

    @Test func contractsAndNewLogosDecode() throws {
        let s = try decode(
            #"""
            "contracts": [{"term_months": 12, "share": 0.7, "renewal_month": 3, "uplift": {"mean": 0.05, "sd": 0.01}, "early_termination": 0.2},
                          {"term_months": 1, "share": 0.3}],
            "new_logos": {"mean": 25, "sd": 8, "arr": {"median": 3000, "sigma": 0.3}, "fit": {"good": 1},
                          "ramp": {"start": 0.5, "periods": 2}, "start_shift": {"direction": -0.5}}
            """#)
        let segment = s.segments[0]
        #expect(
            segment.contracts == [
                ContractTermSpec(termMonths: 12, share: 0.7, renewalMonth: 3, uplift: .init(mean: 0.05, sd: 0.01), earlyTermination: 0.2),
                ContractTermSpec(termMonths: 1, share: 0.3),
            ])
        #expect(
            segment.newLogos
                == NewLogoSpec(
                    mean: 25, sd: 8, arr: .init(median: 3000, sigma: 0.3), fit: .init(good: 1, stretch: 0, bad: 0),
                    ramp: .init(start: 0.5, periods: 2), startShift: .init(direction: -0.5)))
        // Absent keys: no contracts, no new logos.
        let plain = try decode(#""upsell_multiplier": 1"#)
        #expect(plain.segments[0].contracts.isEmpty && plain.segments[0].newLogos == nil)
        // JSON round trip through the strict file decoder.
        let json = String(decoding: try JSONEncoder().encode(s), as: UTF8.self)
        #expect(try ConfigDecoder().decode(Scenario.self, from: json, file: "s.json") == s)
    }

    @Test func errorsNameTheKey() {
        #expect(
            error(#""contracts": [{"term_months": 12, "share": 0.6}]"#)
                == ".segments[0].contracts: contract shares must sum to 1, found 0.6")
        #expect(
            error(#""contracts": [{"term_months": 0, "share": 1}]"#)
                == ".segments[0].contracts[0].term_months: `term_months` must be an integer >= 1, found 0")
        #expect(
            error(#""contracts": [{"term_months": 6, "share": 1, "renewal_month": 3}]"#)
                == ".segments[0].contracts[0].renewal_month: `renewal_month` needs a term of whole years (term_months 12, 24, ...), found term_months 6"
        )
        #expect(
            error(#""contracts": [{"term_months": 12, "share": 1, "renewal_month": 13}]"#)
                == ".segments[0].contracts[0].renewal_month: `renewal_month` must be a month 1 to 12, found 13")
        #expect(
            error(#""contracts": [{"term_months": 12, "share": 1, "early_termination": 1.5}]"#)
                == ".segments[0].contracts[0].early_termination: `early_termination` must be a probability in [0, 1], found 1.5")
        #expect(
            error(#""contracts": [{"term_months": 12, "share": 1, "uplift": {"mean": -0.1}}]"#)
                == ".segments[0].contracts[0].uplift.mean: `mean` must be >= 0, found -0.1")
        #expect(
            error(#""new_logos": {"mean": 100, "sd": 5}"#)
                == ".segments[0].new_logos.sd: `sd` must be at least sqrt(mean) = 10.0 (a Poisson count's); omit it for Poisson, found 5.0")
        #expect(
            error(#""new_logos": {"mean": 10, "ramp": {"start": 0, "periods": 2}}"#)
                == ".segments[0].new_logos.ramp.start: `start` must be in (0, 1], found 0")
        #expect(
            error(#""new_logos": {"mean": 10, "fit": {"good": 0.5}}"#)
                == ".segments[0].new_logos.fit: fit shares `good` + `stretch` + `bad` must sum to 1, found 0.5")
        // 300 quarters of up to 9 million new logos would overflow the customer indices.
        let huge = ScenarioValidationTests.minimal.replacingOccurrences(of: Self.csmsKey, with: #""csms": 2, "new_logos": {"mean": 9000000}}"#)
            .replacingOccurrences(of: #""count": 4"#, with: #""count": 300"#)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Scenario.self, from: Data(huge.utf8)) }
    }
}
