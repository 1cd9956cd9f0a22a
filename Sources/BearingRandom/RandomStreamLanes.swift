/// Eight `RandomStream`s advanced together, one per SIMD lane: lane `l` draws exactly what
/// `RandomStream(seed:trial:customer:period:purpose:)` with that lane's key draws.
///
/// For the simulation's many short streams (each customer-period has its own): a single
/// stream is a serial chain of multiplies, eight in lanes run the keying, the xoshiro256** steps
/// and the ziggurat's fast path as vector instructions. Keys share their seed and trial; the
/// customer words are absorbed once (`Customers`) and reused for every period and purpose.
/// Vector code pays off in builds for a CPU with 64-bit vector multiplies (`BEARING_NATIVE`
/// on AVX-512); the values are the same in any build.
public struct RandomStreamLanes: Sendable {
    @usableFromInline var s0, s1, s2, s3: SIMD8<UInt64>
    /// `Ziggurat.laneTable`, read once per `Customers`: reading the static per call
    /// checks that it is initialised (a call to `swift_once`).
    @usableFromInline let table: Ziggurat.LaneTable

    /// Eight keys' seed, trial and customer words absorbed (the first two steps of
    /// `RandomStream.absorb`), ready to be completed with a period and purpose.
    public struct Customers: Sendable {
        @usableFromInline let absorbed: SIMD8<UInt64>
        @usableFromInline let table: Ziggurat.LaneTable

        /// Lane `l` keyed by (seed, trial, `first + l`).
        @inlinable
        public init(seed: UInt64, trial: UInt32, first: UInt32) {
            let g = SplitMix64.increment
            let h0 = SplitMix64.mix(seed &+ g)
            let lanes = SIMD8<UInt64>(0, 1, 2, 3, 4, 5, 6, 7)
            // Customer indices wrap at 2^32 as `UInt32(truncatingIfNeeded:)` does in the scalar keys.
            let customers = (SIMD8(repeating: UInt64(first)) &+ lanes) & 0xFFFF_FFFF
            let words = SIMD8<UInt64>(repeating: UInt64(trial) &<< 32) | customers
            absorbed = RandomStreamLanes.mix((SIMD8(repeating: h0) ^ words) &+ g)
            table = Ziggurat.laneTable
        }
    }

    /// Lane `l` keyed by (seed, trial, first customer + `l`, `period`, `purpose`).
    @inlinable @inline(__always)
    public init(customers: Customers, period: UInt32, purpose: UInt32) {
        let g = SplitMix64.increment
        let word = UInt64(period) &<< 32 | UInt64(purpose)
        let h = Self.mix((customers.absorbed ^ SIMD8(repeating: word)) &+ g)
        // SplitMix64's first four outputs from state `h`.
        s0 = Self.mix(h &+ g)
        s1 = Self.mix(h &+ (g &* 2))
        s2 = Self.mix(h &+ (g &* 3))
        s3 = Self.mix(h &+ (g &* 4))
        table = customers.table
    }

    /// `SplitMix64.mix` in every lane.
    @inlinable @inline(__always)
    static func mix(_ value: SIMD8<UInt64>) -> SIMD8<UInt64> {
        var z = value
        z = (z ^ (z &>> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z &>> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z &>> 31)
    }

    /// Writes every lane's state, word `k` of lane `l` to `state[k * 8 + l]`, so that
    /// `RandomStream(lanes:lane:)` can go on with any one of them later.
    @inlinable @inline(__always)
    public func store(into state: UnsafeMutablePointer<UInt64>) {
        UnsafeMutableRawPointer(state).storeBytes(of: s0, as: SIMD8<UInt64>.self)
        UnsafeMutableRawPointer(state + 8).storeBytes(of: s1, as: SIMD8<UInt64>.self)
        UnsafeMutableRawPointer(state + 16).storeBytes(of: s2, as: SIMD8<UInt64>.self)
        UnsafeMutableRawPointer(state + 24).storeBytes(of: s3, as: SIMD8<UInt64>.self)
    }

    /// Writes `count` standard normals of every lane, `out[i * 8 + lane]` the `i`-th of that
    /// lane: the values repeated `nextNormal()` gives on that lane's stream. `out` holds
    /// `8 * count` floats. The lanes' states are not advanced (callers key a fresh set).
    ///
    /// The vector loop takes every draw's fast path; a draw that leaves it (1 in 67, so about
    /// two per 16 draws of 8 lanes) is finished at once by the scalar sampler from that lane's
    /// exact stream position (`finishingSlowDraws`), and the lane goes on in the vector loop from
    /// where the sampler left its generator. No lane is drawn twice, and a lane's later draws
    /// stay in vector code however many words its slow draw took. (A branch-free loop followed
    /// by a scalar redraw of such lanes from their start took 1.25 times as long per fill.)
    @inlinable
    public func fillNormals(count: Int, into out: UnsafeMutablePointer<Float>) {
        let table = table.base
        var lanes = self
        for i in 0..<count {
            let word = lanes.nextWords()
            // Ziggurat.normalFloat's fast path, lane by lane, in 32-bit lanes where the values
            // fit (the 64-bit forms compiled to per-lane extracts).
            let low = SIMD8<UInt32>(truncatingIfNeeded: word)
            let magnitude = SIMD8<UInt32>(truncatingIfNeeded: word &>> 32) &>> 8
            let layer = low & 0xFF
            var packed = SIMD8<UInt64>()
            for l in 0..<8 { packed[l] = table[Int(truncatingIfNeeded: layer[l])] }
            let k = SIMD8<UInt32>(truncatingIfNeeded: packed &>> 32)
            let w = unsafeBitCast(SIMD8<UInt32>(truncatingIfNeeded: packed), to: SIMD8<Float>.self)
            let value = SIMD8<Float>(SIMD8<Int32>(truncatingIfNeeded: magnitude)) * w
            // The sign is bit 8 of the word.
            let bits = unsafeBitCast(value, to: SIMD8<UInt32>.self) | (low &<< 23) & 0x8000_0000
            UnsafeMutableRawPointer(out + i * 8).storeBytes(of: bits, as: SIMD8<UInt32>.self)
            // Both below 2^25, so the comparison is exact in 32 bits.
            let leaving = magnitude .>= k
            if _slowPath(any(leaving)) {
                lanes = lanes.finishingSlowDraws(leaving, words: word, into: out + i * 8)
            }
        }
    }

    /// Every lane's next xoshiro256** word, advancing every lane.
    @inlinable @inline(__always)
    mutating func nextWords() -> SIMD8<UInt64> { Xoshiro256StarStar.step(&s0, &s1, &s2, &s3) }

    /// The lanes after the scalar sampler finished the draws of the lanes marked in `lanes`,
    /// whose first words `words` failed the fast-path test: each such draw's value goes to
    /// `row[lane]`, and the lane's state is where the sampler left it. By value, so that the
    /// vector loop keeps its state in registers; inlined (the loop's `_slowPath` keeps it apart),
    /// link-reads-all-16 2–4% faster than with a call per slow draw.
    @inlinable @inline(__always)
    func finishingSlowDraws(
        _ lanes: SIMDMask<SIMD8<Int32>>, words: SIMD8<UInt64>, into row: UnsafeMutablePointer<Float>
    ) -> RandomStreamLanes {
        var next = self
        // The marked lanes as bits, visited lowest first (usually one).
        var marked = (SIMD8<UInt32>(1, 2, 4, 8, 16, 32, 64, 128) & unsafeBitCast(lanes, to: SIMD8<UInt32>.self)).wrappedSum()
        while marked != 0 {
            let lane = marked.trailingZeroBitCount
            marked &= marked &- 1
            var g = Xoshiro256StarStar(uncheckedState: s0[lane], s1[lane], s2[lane], s3[lane])
            row[lane] = Ziggurat.normalFloat(word: words[lane], using: &g)
            next.s0[lane] = g.s0
            next.s1[lane] = g.s1
            next.s2[lane] = g.s2
            next.s3[lane] = g.s3
        }
        return next
    }
}

extension RandomStream {
    /// Lane `lane` of the states `RandomStreamLanes.store(into:)` wrote at `state`.
    @inlinable @inline(__always)
    public init(lanes state: UnsafePointer<UInt64>, lane: Int) {
        generator = Xoshiro256StarStar(
            uncheckedState: state[lane], state[8 + lane], state[16 + lane], state[24 + lane])
    }
}
