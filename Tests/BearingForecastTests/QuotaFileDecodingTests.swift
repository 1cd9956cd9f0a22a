import BearingFiles
import BearingPanel
import Testing

@testable import BearingForecast

/// A quota file read as the commands read it, through `BearingFiles.ConfigDecoder`: targets
/// per segment or per CSM, seasonality, and located errors for what is wrong.
@Suite struct QuotaFileDecodingTests {
    static let yaml = """
        # Annual expansion targets in ARR.
        segments:
          Large Agency: 1200000
          Mid-sized Agency: 4.5e5
          Small Agency:
            csm-01: 40000
            csm-02: 35000
        seasonality: [0.2, 0.25, 0.25, 0.3]
        """

    static func error(_ text: String, file: String = "quota.yaml") -> ConfigError? {
        do {
            _ = try ConfigDecoder().decode(QuotaFile.self, from: text, file: file)
            return nil
        } catch {
            return error
        }
    }

    @Test func decodesTargetsAndSeasonality() throws {
        let file = try ConfigDecoder().decode(QuotaFile.self, from: Self.yaml, file: "quota.yaml")
        #expect(file.segments["Large Agency"] == .segment(1_200_000))
        #expect(file.segments["Mid-sized Agency"] == .segment(450_000))
        #expect(file.segments["Small Agency"] == .csms(["csm-01": 40_000, "csm-02": 35_000]))
        #expect(file.annualTarget(segment: "Small Agency") == 75_000)
        #expect(file.seasonality == [0.2, 0.25, 0.25, 0.3])
        #expect(file.share(of: Period(year: 2025, quarter: 4)) == 0.3)
        try file.validate()
        // JSON works too, and seasonality is optional.
        let json = try ConfigDecoder().decode(
            QuotaFile.self, from: #"{"segments": {"smb": 1000, "mid": {"a": 1, "b": 2}}}"#, file: "quota.json")
        #expect(json == QuotaFile(segments: ["smb": .segment(1000), "mid": .csms(["a": 1, "b": 2])]))
        #expect(json.share(of: Period(year: 2025, quarter: 1)) == 0.25)
    }

    @Test func seasonalityThatDoesNotSumToOneIsLocated() throws {
        let text = Self.yaml.replacingOccurrences(of: "[0.2, 0.25, 0.25, 0.3]", with: "[0.2, 0.25, 0.25, 0.35]")
        let e = try #require(Self.error(text))
        #expect(e.line == 8 && e.column == 14, "\(e)")
        #expect(e.path == "seasonality")
        #expect(e.message.contains("the weights must sum to 1, they sum to 1.05"), "\(e)")
        let three = try #require(Self.error(Self.yaml.replacingOccurrences(of: "[0.2, 0.25, 0.25, 0.3]", with: "[0.5, 0.25, 0.25]")))
        #expect(three.message.contains("expected 4 weights (quarters) or 12 (months), found 3"), "\(three)")
    }

    @Test func badTargetsAreLocated() throws {
        let text = Self.yaml.replacingOccurrences(of: "1200000", with: "lots")
        let e = try #require(Self.error(text))
        #expect(e.line == 3 && e.path == "segments.Large Agency", "\(e)")
        #expect(e.message.contains("expected an annual expansion target in ARR (a number) or a mapping of CSM ids to targets, found 'lots'"), "\(e)")
        let negative = try #require(Self.error(Self.yaml.replacingOccurrences(of: "35000", with: "-35000")))
        #expect(negative.line == 7 && negative.path == "segments.Small Agency.csm-02", "\(negative)")
        #expect(negative.message.contains("CSM 'csm-02': an annual target must be a number >= 0, got -35000.0"), "\(negative)")
        let notANumber = try #require(Self.error(Self.yaml.replacingOccurrences(of: "40000", with: "forty")))
        #expect(notANumber.line == 6, "\(notANumber)")
        let empty = try #require(Self.error("segments: {}\n"))
        #expect(empty.message.contains("expected at least one segment"), "\(empty)")
    }

    @Test func unknownKeysAreErrors() throws {
        let e = try #require(Self.error(Self.yaml.replacingOccurrences(of: "seasonality:", with: "seasonalty:")))
        #expect(e.kind == .unknownKey && e.line == 8, "\(e)")
        let missing = try #require(Self.error("seasonality: [1, 0, 0, 0]\n"))
        #expect(missing.kind == .missingKey, "\(missing)")
    }
}
