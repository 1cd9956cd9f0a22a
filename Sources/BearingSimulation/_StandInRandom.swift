// TEMPORARY stand-in for BearingRandom's API until the `random` branch lands; delete after merging.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

struct StreamKey: Sendable, Hashable {
    var seed: UInt64, trial: UInt64, customer: UInt64, period: UInt64, purpose: UInt64
    init(seed: UInt64, trial: UInt64, customer: UInt64, period: UInt64, purpose: UInt64) {
        self.seed = seed; self.trial = trial; self.customer = customer; self.period = period; self.purpose = purpose
    }
}

struct RandomStream {
    var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64
    static func mix(_ x: inout UInt64) -> UInt64 {
        x &+= 0x9E37_79B9_7F4A_7C15
        var z = x
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    init(key: StreamKey) {
        var h = key.seed
        h = Self.mix(&h) ^ key.trial
        h = Self.mix(&h) ^ key.customer
        h = Self.mix(&h) ^ key.period
        h = Self.mix(&h) ^ key.purpose
        s0 = Self.mix(&h); s1 = Self.mix(&h); s2 = Self.mix(&h); s3 = Self.mix(&h)
    }
    mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t
        s3 = (s3 << 45) | (s3 >> 19)
        return result
    }
    mutating func nextDouble() -> Double { (Double(next() >> 11) + 0.5) * 0x1p-53 }
    mutating func nextFloat() -> Float { (Float(next() >> 40) + 0.5) * 0x1p-24 }
    mutating func nextNormalDouble() -> Double {
        let u = nextDouble(), v = nextDouble()
        return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
    }
    mutating func nextNormal() -> Float { Float(nextNormalDouble()) }
    mutating func fillNormal(_ buffer: UnsafeMutableBufferPointer<Float>) {
        for i in buffer.indices { buffer[i] = nextNormal() }
    }
}
