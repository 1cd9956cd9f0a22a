import BearingPanel
import Testing

/// `attribute.*` columns: numbers that are neither outcome nor experience.
@Suite struct AttributeGroupTests {
    @Test func prefixNamesTheGroup() {
        #expect(FeatureGroup(columnName: "attribute.seats") == .attribute)
        #expect(FeatureGroup(columnName: "attribute.") == nil)
        #expect(FeatureGroup(columnName: "attributes.seats") == nil)
        #expect(FeatureGroup.attribute.prefix == "attribute.")
    }

    @Test func strictReaderCarriesAttributesAndWriterKeepsThem() throws {
        let header = "customer_id,period,segment,fit,arr,churned,expansion_arr,contraction_arr,outcome.a,attribute.seats,attribute.plan=pro"
        let csv = PanelSamples.csv(["c1,2025-Q1,smb,good,100,0,0,0,0.5,12,1", "c2,2025-Q1,smb,good,100,0,0,0,,,0"], header: header)
        let panel = try PanelSamples.read(csv)
        #expect(panel.features.map(\.group) == [.outcome, .attribute, .attribute])
        #expect(panel.featureIndices(in: .attribute) == [1, 2])
        #expect(panel.features[1].values[0] == 12 && panel.features[1].values[1].isNaN)
        #expect(HistoryCSVWriter.encode(panel) == csv)
    }
}
