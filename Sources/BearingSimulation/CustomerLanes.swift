import BearingRandom

/// The random streams of eight consecutive customers, keyed together in SIMD lanes
/// (`RandomStreamLanes`): each customer's setup stream, its dynamics stream of every period
/// and, when only the true link reads them, its feature normals of every period.
///
/// Every stream is the one `RandomStream` gives for the same key, so the kernels draw exactly
/// what they drew when they keyed one stream at a time; only the work is batched. Periods a
/// customer never reaches (it churned, or is a new logo acquired later) are keyed for nothing:
/// cheaper than a branch per lane.
struct CustomerLanes {
    /// Whether the kernels draw the link's feature normals in lanes. Only in builds for a named
    /// CPU (`BEARING_NATIVE`): the portable x86-64 target has no 64-bit vector multiply, so the
    /// lanes' generator is emulated and drawing normals in lanes measured 14% slower per
    /// CPU-second than one customer at a time (8.3M against 9.7M customer-periods, 16 features),
    /// where a native AVX-512 build is 15% faster. The draws are the same either way.
    #if BEARING_FMA
        static let featureNormalsInLanesByDefault = true
    #else
        static let featureNormalsInLanesByDefault = false
    #endif

    static let width = 8
    let periods: Int
    /// Feature normals drawn per period: up to the last feature the link reads. Later draws of
    /// the features stream would be read by nothing (panels draw their own), so they are not made.
    let features: Int
    /// The features the link reads, `LinkTerm.terms(of:)`.
    private let terms: UnsafeMutableBufferPointer<LinkTerm>
    /// Setup stream states, `RandomStreamLanes.store` layout.
    private let setup: UnsafeMutablePointer<UInt64>
    /// Dynamics stream states of period `p` at `dynamics + p * 32`.
    private let dynamics: UnsafeMutablePointer<UInt64>
    /// Feature normal `f` of period `p`, lane `l` at `normals[(p * features + f) * 8 + l]`.
    private let normals: UnsafeMutablePointer<Float>
    /// The first customer of the loaded lanes (`-width` before the first `load`).
    private(set) var first = -CustomerLanes.width

    init(periods: Int, model: CompiledScenario) {
        let terms = model.hasLink ? LinkTerm.terms(of: model) : []
        self.periods = periods
        features = (terms.last?.feature ?? -1) + 1
        self.terms = .allocate(capacity: terms.count)
        _ = self.terms.initialize(from: terms)
        setup = .allocate(capacity: 32)
        dynamics = .allocate(capacity: 32 * max(1, periods))
        normals = .allocate(capacity: Self.width * max(1, periods * features))
    }

    func deallocate() {
        setup.deallocate()
        dynamics.deallocate()
        normals.deallocate()
        terms.deallocate()
    }

    /// The lane of customer `c`, keying customers `c..<c + 8` first unless they are loaded.
    /// `drawFeatures`: also fill the feature normals (when the link reads them and no panel
    /// is recorded; a panel's rows draw their own features and missingness).
    @inline(__always)
    mutating func lane(of c: Int, seed: UInt64, trial: UInt32, drawFeatures: Bool) -> Int {
        if c < first || c - first >= Self.width {
            load(first: c, seed: seed, trial: trial, drawFeatures: drawFeatures)
        }
        return c - first
    }

    @inline(never)
    private mutating func load(first c: Int, seed: UInt64, trial: UInt32, drawFeatures: Bool) {
        first = c
        let customers = RandomStreamLanes.Customers(seed: seed, trial: trial, first: UInt32(truncatingIfNeeded: c))
        RandomStreamLanes(customers: customers, period: 0, purpose: DrawPurpose.customerSetup.rawValue)
            .store(into: setup)
        for p in 0..<periods {
            let period = UInt32(truncatingIfNeeded: p)
            RandomStreamLanes(customers: customers, period: period, purpose: DrawPurpose.dynamics.rawValue)
                .store(into: dynamics + p * 32)
        }
        guard drawFeatures, features > 0 else { return }
        for p in 0..<periods {
            let period = UInt32(truncatingIfNeeded: p)
            RandomStreamLanes(customers: customers, period: period, purpose: DrawPurpose.features.rawValue)
                .fillNormals(count: features, into: normals + p * features * Self.width)
        }
    }

    /// The setup stream of the customer in `lane`.
    @inline(__always)
    func setupStream(lane: Int) -> RandomStream { RandomStream(lanes: setup, lane: lane) }

    /// The dynamics stream of the customer in `lane` for period `p`.
    @inline(__always)
    func dynamicsStream(lane: Int, period p: Int) -> RandomStream { RandomStream(lanes: dynamics + p * 32, lane: lane) }

    /// The true link's linear predictor for the customer in `lane` in period `p` (features
    /// loaded): the kernels' panel path computes every standardised value `z` and sums
    /// `beta · z` over all features; a zero coefficient adds ±0 to a finite sum, so summing
    /// only the non-zero terms, in the same order and with the same operations, gives the
    /// same bits.
    @inline(__always)
    func linkEta(lane: Int, period p: Int, intercept: Float, d: Float, e: Float, isDark: Bool) -> Float {
        linkEta(
            normals: normals + p * features * Self.width + lane, stride: Self.width, intercept: intercept, d: d, e: e,
            isDark: isDark)
    }

    /// `linkEta(lane:period:…)` for a customer whose normals are drawn one customer at a time
    /// (builds without `BEARING_NATIVE`), from `rng`, its features stream, into `scratch`.
    @inline(__always)
    func linkEta(
        drawing rng: inout RandomStream, scratch: UnsafeMutableBufferPointer<Float>, intercept: Float, d: Float, e: Float,
        isDark: Bool
    ) -> Float {
        // No features read (a link without coefficients): nothing to draw, and `scratch` may be empty.
        guard features > 0, let base = scratch.baseAddress else { return intercept }
        rng.fillNormal(UnsafeMutableBufferPointer(rebasing: scratch[0..<features]))
        return linkEta(normals: base, stride: 1, intercept: intercept, d: d, e: e, isDark: isDark)
    }

    /// The sum over the link's terms, feature `f`'s normal at `normals[f * stride]`.
    @inline(__always)
    private func linkEta(
        normals base: UnsafePointer<Float>, stride: Int, intercept: Float, d: Float, e: Float, isDark: Bool
    ) -> Float {
        let k: Float = isDark ? 1 : 0
        var eta = intercept
        for term in terms {
            let z = term.loadD * d + term.loadE * e + term.loadK * k + term.noise * base[term.feature * stride]
            eta += term.beta * z
        }
        return eta
    }
}
