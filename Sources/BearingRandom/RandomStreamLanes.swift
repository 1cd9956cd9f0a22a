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
    /// The vector loop takes every draw's fast path and only notes which lanes left it; those
    /// lanes are then drawn again by the scalar sampler from their first draw that left it.
    /// Handling a rejection inside the loop would need a branch on gathered table words, and
    /// a mispredicted branch there costs more than redrawing part of a lane.
    @inlinable
    public func fillNormals(count: Int, into out: UnsafeMutablePointer<Float>) {
        let table = table.base
        var a = s0, b = s1, c = s2, d = s3
        // Top bit set in the lanes where some draw failed the fast-path test.
        var rejected = SIMD8<UInt64>()
        for i in 0..<count {
            let x = b &* 5
            let word = ((x &<< 7) | (x &>> 57)) &* 9
            let t = b &<< 17
            c ^= a
            d ^= b
            b ^= c
            a ^= d
            c ^= t
            d = (d &<< 45) | (d &>> 19)
            // Ziggurat.normalFloat's fast path, lane by lane.
            let layer = word & 0xFF
            var packed = SIMD8<UInt64>()
            for l in 0..<8 { packed[l] = table[Int(truncatingIfNeeded: layer[l])] }
            let magnitude = word &>> 40
            // k − 1 − magnitude wraps below zero exactly when magnitude ≥ k (k = 0 included).
            rejected |= (packed &>> 32) &- 1 &- magnitude
            let w = unsafeBitCast(SIMD8<UInt32>(truncatingIfNeeded: packed), to: SIMD8<Float>.self)
            let value = SIMD8<Float>(SIMD8<Int32>(truncatingIfNeeded: magnitude)) * w
            let sign = SIMD8<UInt32>(truncatingIfNeeded: word &>> 8) & 1
            let bits = unsafeBitCast(value, to: SIMD8<UInt32>.self) | sign &<< 31
            UnsafeMutableRawPointer(out + i * 8).storeBytes(of: bits, as: SIMD8<UInt32>.self)
        }
        let lanes = rejected &>> 63
        if lanes != SIMD8() {
            redraw(lanes, count: count, into: out)
        }
    }

    /// Draws the lanes marked in `lanes` again with the scalar sampler from their first draw
    /// that left the fast path: draws before it are right as the vector loop wrote them (one
    /// word each, re-tested here), later ones are shifted by the extra words it took.
    @usableFromInline @inline(never)
    func redraw(_ lanes: SIMD8<UInt64>, count: Int, into out: UnsafeMutablePointer<Float>) {
        // The packed table by pointer: `Ziggurat.tables` as a local would copy its 10 kB, and
        // reading it per draw checks that it is initialised.
        let table = table.base
        for lane in 0..<8 where lanes[lane] != 0 {
            var g = Xoshiro256StarStar(uncheckedState: s0[lane], s1[lane], s2[lane], s3[lane])
            var i = 0
            while i < count {
                let word = g.next()
                let layer = Int(truncatingIfNeeded: word & 0xFF)
                i += 1
                if word &>> 40 >= table[layer] &>> 32 {
                    out[(i - 1) * 8 + lane] = Ziggurat.normalFloat(word: word, using: &g)
                    break
                }
            }
            while i < count {
                out[i * 8 + lane] = Ziggurat.normalFloat(packed: table, using: &g)
                i += 1
            }
        }
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
