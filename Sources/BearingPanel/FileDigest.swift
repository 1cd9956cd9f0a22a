#if canImport(_BearingDigest)
    import _BearingDigest
#endif

/// SHA-256 of a file's bytes (FIPS 180-4), written `sha256:<hex>` into weights provenance and
/// import records. Our own implementation: Foundation on Linux has no digest API and the core
/// takes no packages.
package enum FileDigest {
    /// `sha256:<64 hex digits>` of `data`.
    package static func sha256(_ data: [UInt8]) -> String {
        data.withUnsafeBytes { sha256($0) }
    }

    /// `sha256:<64 hex digits>` of bytes in place (a mapped file).
    package static func sha256(_ bytes: UnsafeRawBufferPointer) -> String {
        var hasher = SHA256()
        hasher.update(bytes)
        return hasher.finalize()
    }
}

/// Incremental SHA-256: feed bytes in any pieces with `update`, then `finalize` once. Lets a
/// streaming reader hash a file as it reads it instead of holding it whole.
///
/// Blocks go through the CPU's SHA instructions when it has them (`_BearingDigest`, ~2 GB/s on
/// x86-64 with SHA-NI), else through the portable implementation below (~180 MB/s).
package struct SHA256: Sendable {
    /// Use the portable implementation even when SHA instructions exist (tests compare both).
    private let portable: Bool
    private var state: SIMD8<UInt32> = [
        0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a, 0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19,
    ]
    /// Bytes of an unfinished block (fewer than 64).
    private var pending: [UInt8] = []
    private var length: UInt64 = 0

    package init(portable: Bool = false) {
        self.portable = portable
    }

    /// Adds bytes to the message.
    package mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        length &+= UInt64(bytes.count)
        var offset = 0
        if !pending.isEmpty {
            let take = min(64 - pending.count, bytes.count)
            pending.append(contentsOf: UnsafeRawBufferPointer(start: base, count: take))
            offset = take
            guard pending.count == 64 else { return }
            let block = pending
            block.withUnsafeBytes { Self.compress(&state, portable: portable, $0.baseAddress.unsafelyUnwrapped, blocks: 1) }
            pending.removeAll(keepingCapacity: true)
        }
        let whole = (bytes.count - offset) / 64
        if whole > 0 { Self.compress(&state, portable: portable, base + offset, blocks: whole) }
        offset += whole * 64
        if offset < bytes.count {
            pending.append(contentsOf: UnsafeRawBufferPointer(start: base + offset, count: bytes.count - offset))
        }
    }

    /// `sha256:<64 hex digits>` of everything added; the hasher is spent afterwards.
    package mutating func finalize() -> String {
        let bitLength = length &* 8
        var tail = pending
        tail.append(0x80)
        while tail.count % 64 != 56 { tail.append(0) }
        for i in (0..<8).reversed() { tail.append(UInt8(truncatingIfNeeded: bitLength >> (8 * UInt64(i)))) }
        tail.withUnsafeBytes { Self.compress(&state, portable: portable, $0.baseAddress.unsafelyUnwrapped, blocks: tail.count / 64) }
        pending = []
        let digits = Array("0123456789abcdef")
        var hex = "sha256:"
        for i in 0..<8 {
            let word = state[i]
            for shift in stride(from: 28, through: 0, by: -4) { hex.append(digits[Int((word >> UInt32(shift)) & 0xF)]) }
        }
        return hex
    }

    @inline(__always)
    private static func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { (x >> n) | (x << (32 &- n)) }

    /// The compression function over `blocks` consecutive 64-byte blocks at `p`.
    private static func compress(_ h: inout SIMD8<UInt32>, portable: Bool, _ p: UnsafeRawPointer, blocks: Int) {
        #if canImport(_BearingDigest)
            if !portable {
                let done = withUnsafeMutableBytes(of: &h) { words in
                    bearing_sha256_blocks(
                        words.baseAddress.unsafelyUnwrapped.assumingMemoryBound(to: UInt32.self),
                        p.assumingMemoryBound(to: UInt8.self), blocks)
                }
                if done == 1 { return }
            }
        #endif
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { w in
            k.withUnsafeBufferPointer { k in
                for block in 0..<blocks {
                    let bytes = p + block * 64
                    for t in 0..<16 { w[t] = UInt32(bigEndian: bytes.loadUnaligned(fromByteOffset: 4 * t, as: UInt32.self)) }
                    for t in 16..<64 {
                        let x = w[t &- 15]
                        let y = w[t &- 2]
                        let s0 = rotr(x, 7) ^ rotr(x, 18) ^ (x >> 3)
                        let s1 = rotr(y, 17) ^ rotr(y, 19) ^ (y >> 10)
                        w[t] = w[t &- 16] &+ s0 &+ w[t &- 7] &+ s1
                    }
                    var a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7]
                    for t in 0..<64 {
                        let s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)
                        let ch = (e & f) ^ (~e & g)
                        let t1 = hh &+ s1 &+ ch &+ k[t] &+ w[t]
                        let s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)
                        let maj = (a & b) ^ (a & c) ^ (b & c)
                        let t2 = s0 &+ maj
                        hh = g
                        g = f
                        f = e
                        e = d &+ t1
                        d = c
                        c = b
                        b = a
                        a = t1 &+ t2
                    }
                    h &+= SIMD8(a, b, c, d, e, f, g, hh)
                }
            }
        }
    }

    private static let k: [UInt32] = [
        0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5,
        0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7, 0xc19b_f174,
        0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da,
        0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7, 0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967,
        0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85,
        0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070,
        0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
        0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7, 0xc671_78f2,
    ]
}
