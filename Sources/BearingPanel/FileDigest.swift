import _BearingDigest

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
        if !portable {
            let done = withUnsafeMutableBytes(of: &h) { words in
                bearing_sha256_blocks(
                    words.baseAddress.unsafelyUnwrapped.assumingMemoryBound(to: UInt32.self),
                    p.assumingMemoryBound(to: UInt8.self), blocks)
            }
            if done == 1 { return }
        }
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { w in
            withUnsafeBytes(of: bearing_sha256_k) { table in
                let k = table.assumingMemoryBound(to: UInt32.self)
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
}
