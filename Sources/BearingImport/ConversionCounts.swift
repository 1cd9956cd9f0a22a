/// How many cells each kind of conversion touched on the way to the strict panel, so an
/// import can be audited ("1,204 currency signs stripped, 12 `N/A` read as missing").
public struct ConversionCounts: Sendable, Hashable, Codable {
    /// Numbers with a `$`, `€` or `£` removed.
    public var currencyStripped = 0
    /// Numbers with thousands separators removed.
    public var thousandsSeparators = 0
    /// Numbers with a `%`, divided by 100 (`12.5%` → 0.125).
    public var percentToFraction = 0
    /// Accounting negatives `(1,200)` read as −1200 (features only; amounts reject them).
    public var accountingNegatives = 0
    /// Numbers read with a decimal comma.
    public var decimalCommas = 0
    /// Booleans other than `0`/`1` (`yes`, `N`, `TRUE`, …) mapped to 1/0.
    public var booleansMapped = 0
    /// `N/A`, `NA`, `null`, `-`, `#N/A` read as missing.
    public var missingTokens = 0
    /// Dates placed in their calendar period.
    public var datesToPeriods = 0
    /// Month labels moved to their quarter under a quarter grain.
    public var monthsToQuarters = 0
    /// Fit labels in another case (`Good` → `good`).
    public var fitLabelsLowercased = 0
    /// Cells filled with a documented default because the source has no such column.
    public var defaultsFilled = 0
    /// `contract_term_months` cells not written as a plain whole number of months (`12 months`,
    /// `1 year`, `annual`, `12.0`).
    public var contractTermsConverted = 0
    /// `renewal_date` cells turned into `YYYY-MM-DD` from the export's date format (or with a
    /// time of day dropped).
    public var renewalDatesConverted = 0

    public init() {}

    enum CodingKeys: String, CodingKey {
        case currencyStripped = "currency_stripped"
        case thousandsSeparators = "thousands_separators"
        case percentToFraction = "percent_to_fraction"
        case accountingNegatives = "accounting_negatives"
        case decimalCommas = "decimal_commas"
        case booleansMapped = "booleans_mapped"
        case missingTokens = "missing_tokens"
        case datesToPeriods = "dates_to_periods"
        case monthsToQuarters = "months_to_quarters"
        case fitLabelsLowercased = "fit_labels_lowercased"
        case defaultsFilled = "defaults_filled"
        case contractTermsConverted = "contract_terms_converted"
        case renewalDatesConverted = "renewal_dates_converted"
    }

    /// Records written before the contract columns lack their two counts: they read as 0.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        currencyStripped = try c.decode(Int.self, forKey: .currencyStripped)
        thousandsSeparators = try c.decode(Int.self, forKey: .thousandsSeparators)
        percentToFraction = try c.decode(Int.self, forKey: .percentToFraction)
        accountingNegatives = try c.decode(Int.self, forKey: .accountingNegatives)
        decimalCommas = try c.decode(Int.self, forKey: .decimalCommas)
        booleansMapped = try c.decode(Int.self, forKey: .booleansMapped)
        missingTokens = try c.decode(Int.self, forKey: .missingTokens)
        datesToPeriods = try c.decode(Int.self, forKey: .datesToPeriods)
        monthsToQuarters = try c.decode(Int.self, forKey: .monthsToQuarters)
        fitLabelsLowercased = try c.decode(Int.self, forKey: .fitLabelsLowercased)
        defaultsFilled = try c.decode(Int.self, forKey: .defaultsFilled)
        contractTermsConverted = try c.decodeIfPresent(Int.self, forKey: .contractTermsConverted) ?? 0
        renewalDatesConverted = try c.decodeIfPresent(Int.self, forKey: .renewalDatesConverted) ?? 0
    }

    /// Adds the counts of `other` (another thread's share of the same import).
    mutating func add(_ other: ConversionCounts) {
        currencyStripped += other.currencyStripped
        thousandsSeparators += other.thousandsSeparators
        percentToFraction += other.percentToFraction
        accountingNegatives += other.accountingNegatives
        decimalCommas += other.decimalCommas
        booleansMapped += other.booleansMapped
        missingTokens += other.missingTokens
        datesToPeriods += other.datesToPeriods
        monthsToQuarters += other.monthsToQuarters
        fitLabelsLowercased += other.fitLabelsLowercased
        defaultsFilled += other.defaultsFilled
        contractTermsConverted += other.contractTermsConverted
        renewalDatesConverted += other.renewalDatesConverted
    }

    /// Counts the flags of one number.
    @inline(__always)
    mutating func count(_ flags: NumberReader.Flags) {
        guard !flags.subtracting(.negative).isEmpty else { return }
        if flags.contains(.currency) { currencyStripped += 1 }
        if flags.contains(.thousands) { thousandsSeparators += 1 }
        if flags.contains(.percent) { percentToFraction += 1 }
        if flags.contains(.accounting) { accountingNegatives += 1 }
        if flags.contains(.decimalComma) { decimalCommas += 1 }
    }
}
