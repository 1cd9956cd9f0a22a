/// xoshiro256** 1.0 (Blackman & Vigna 2018): 256 bits of state, period 2^256 − 1, all 64 output
/// bits of full quality (the `**` scrambler), about a nanosecond per word.
///
/// The state must never be all zero (the generator would then emit zeros forever);
/// `init(seed:)` and `RandomStream` fill it from SplitMix64, which guarantees that.
public struct Xoshiro256StarStar: RandomNumberGenerator, Sendable {
    public var s0: UInt64
    public var s1: UInt64
    public var s2: UInt64
    public var s3: UInt64

    /// A generator with the given raw state. Precondition: not all four words zero.
    @inlinable
    public init(state s0: UInt64, _ s1: UInt64, _ s2: UInt64, _ s3: UInt64) {
        precondition(s0 | s1 | s2 | s3 != 0, "xoshiro256** state must not be all zero")
        self.s0 = s0
        self.s1 = s1
        self.s2 = s2
        self.s3 = s3
    }

    /// The state filled from four SplitMix64 outputs of `seed`, as the authors recommend.
    @inlinable
    public init(seed: UInt64) {
        var mixer = SplitMix64(state: seed)
        s0 = mixer.next()
        s1 = mixer.next()
        s2 = mixer.next()
        s3 = mixer.next()
    }

    @inlinable @inline(__always)
    public mutating func next() -> UInt64 {
        Self.step(&s0, &s1, &s2, &s3)
    }

    /// One xoshiro256** step on state words `s0…s3`: returns the output and advances the
    /// state. Generic over the word so that one generator (`UInt64`) and eight in SIMD lanes
    /// (`RandomStreamLanes`, `SIMD8<UInt64>`) run the same code.
    @inlinable @inline(__always)
    static func step<W: XoshiroWord>(_ s0: inout W, _ s1: inout W, _ s2: inout W, _ s3: inout W) -> W {
        let x = s1 &* 5
        let result = ((x &<< 7) | (x &>> 57)) &* 9
        let t = s1 &<< 17
        s2 = s2 ^ s0
        s3 = s3 ^ s1
        s1 = s1 ^ s2
        s0 = s0 ^ s3
        s2 = s2 ^ t
        s3 = (s3 &<< 45) | (s3 &>> 19)
        return result
    }
}

/// What `Xoshiro256StarStar.step` needs of a state word: 64-bit wrapping multiply and shifts
/// by a constant, xor and or (per lane for a vector).
@usableFromInline
protocol XoshiroWord {
    static func &* (lhs: Self, rhs: UInt64) -> Self
    static func &<< (lhs: Self, rhs: UInt64) -> Self
    static func &>> (lhs: Self, rhs: UInt64) -> Self
    static func ^ (lhs: Self, rhs: Self) -> Self
    static func | (lhs: Self, rhs: Self) -> Self
}

extension UInt64: XoshiroWord {}
extension SIMD8: XoshiroWord where Scalar == UInt64 {}
