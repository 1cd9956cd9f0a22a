/// Thresholds of `PanelQuality`: below how many customers a segment or a CSM's book is
/// reported as too small to estimate anything about on its own.
public struct PanelQualityOptions: Sendable, Hashable, Codable {
    /// A segment with fewer distinct customers than this is listed (default 30).
    public var minimumSegmentCustomers: Int
    /// A CSM with fewer distinct customers than this is listed (default 10).
    public var minimumCSMCustomers: Int
    /// How many examples of customers absent then back are kept (default 10).
    public var exampleLimit: Int

    public init(minimumSegmentCustomers: Int = 30, minimumCSMCustomers: Int = 10, exampleLimit: Int = 10) {
        self.minimumSegmentCustomers = minimumSegmentCustomers
        self.minimumCSMCustomers = minimumCSMCustomers
        self.exampleLimit = exampleLimit
    }

    enum CodingKeys: String, CodingKey {
        case minimumSegmentCustomers = "minimum_segment_customers"
        case minimumCSMCustomers = "minimum_csm_customers"
        case exampleLimit = "example_limit"
    }
}
