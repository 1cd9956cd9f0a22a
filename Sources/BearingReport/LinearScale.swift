/// Maps a data interval onto a pixel interval (either may be decreasing: SVG's y grows down).
package struct LinearScale: Sendable, Equatable {
    package var domain: (low: Double, high: Double)
    package var range: (low: Double, high: Double)

    package init(domain: (Double, Double), range: (Double, Double)) {
        self.domain = (domain.0, domain.1)
        self.range = (range.0, range.1)
    }

    /// `range.low + (v - domain.low) / (domain.high - domain.low) * (range.high - range.low)`;
    /// a zero-width domain maps everything to the middle of the range.
    package func callAsFunction(_ v: Double) -> Double {
        let span = domain.high - domain.low
        guard span != 0 else { return (range.low + range.high) / 2 }
        return range.low + (v - domain.low) / span * (range.high - range.low)
    }

    /// The data value drawn at `p`; the middle of the domain when the range has zero width.
    package func inverse(_ p: Double) -> Double {
        let span = range.high - range.low
        guard span != 0 else { return (domain.low + domain.high) / 2 }
        return domain.low + (p - range.low) / span * (domain.high - domain.low)
    }

    package static func == (a: LinearScale, b: LinearScale) -> Bool {
        a.domain == b.domain && a.range == b.range
    }
}
