/// SplitMix64 (Steele, Lea & Flood 2014; Vigna's reference `splitmix64.c`): a 64-bit counter
/// advanced by the golden-ratio increment and passed through a bijective finaliser.
///
/// Used here to turn stream keys into xoshiro256** states. Its finaliser is a bijection of
/// `UInt64`, so four consecutive outputs contain at most one zero — which is why a state filled
/// from it is never all zero.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    /// Weyl-sequence increment: 2^64 / golden ratio, odd.
    public static let increment: UInt64 = 0x9E37_79B9_7F4A_7C15

    /// The counter; the next output is `mix(state &+ increment)`.
    public var state: UInt64

    @inlinable
    public init(state: UInt64) { self.state = state }

    @inlinable
    public mutating func next() -> UInt64 {
        state &+= Self.increment
        return Self.mix(state)
    }

    /// The SplitMix64 finaliser (Stafford's "Mix13"): a bijection with full avalanche.
    @inlinable
    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z &>> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z &>> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z &>> 31)
    }
}
