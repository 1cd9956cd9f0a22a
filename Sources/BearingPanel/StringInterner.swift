import Foundation

/// Byte-keyed string dictionary for the CSV reader: looks cells up without building a
/// `String`, and builds (and UTF-8 validates) one only the first time a value appears.
///
/// Open addressing with linear probing over a power-of-two table of indices; the bytes of
/// every entry live in one arena. Indices are dense and in order of first appearance.
package struct StringInterner {
    package private(set) var strings: [String] = []
    private var arena: [UInt8] = []
    /// Start of entry `i` in `arena` is `starts[i]`, end is `starts[i + 1]`.
    private var starts: [Int] = [0]
    private var hashes: [UInt64] = []
    /// -1 = empty slot.
    private var table: [Int32]
    private var mask: Int
    /// Cache of the last lookup: panels usually repeat a value on consecutive rows.
    private var lastIndex: Int32 = -1

    package init(capacity: Int = 16) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        table = Array(repeating: -1, count: size)
        mask = size - 1
    }

    package var count: Int { strings.count }

    /// Index of these bytes, inserting them if new; nil when they are not valid UTF-8.
    @inline(__always)
    package mutating func intern(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32? {
        // Inlined: the repeat of the previous value is the common case, and a call per cell
        // cost more than the comparison.
        if lastIndex >= 0, equals(Int(lastIndex), bytes) { return lastIndex }
        return lookUpOrInsert(bytes)
    }

    private mutating func lookUpOrInsert(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32? {
        let hash = Self.hash(bytes)
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let entry = table[slot]
            if entry < 0 { break }
            if hashes[Int(entry)] == hash, equals(Int(entry), bytes) {
                lastIndex = entry
                return entry
            }
            slot = (slot + 1) & mask
        }
        guard let string = String(validating: bytes, as: UTF8.self) else { return nil }
        let index = Int32(strings.count)
        strings.append(string)
        arena.append(contentsOf: bytes)
        starts.append(arena.count)
        hashes.append(hash)
        table[slot] = index
        lastIndex = index
        if strings.count * 2 > table.count { grow() }
        return index
    }

    @inline(__always)
    private func equals(_ index: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = starts[index]
        let length = starts[index + 1] - start
        guard length == bytes.count else { return false }
        return arena.withUnsafeBytes { stored in
            guard length > 0, let a = stored.baseAddress, let b = bytes.baseAddress else { return true }
            // Ids are short: compare words inline rather than calling memcmp.
            let left = a + start
            let right = UnsafeRawPointer(b)
            var i = 0
            while i + 8 <= length {
                if left.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                    != right.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                {
                    return false
                }
                i += 8
            }
            while i < length {
                if left.load(fromByteOffset: i, as: UInt8.self) != right.load(fromByteOffset: i, as: UInt8.self) {
                    return false
                }
                i += 1
            }
            return true
        }
    }

    private mutating func grow() {
        let size = table.count * 2
        var newTable = [Int32](repeating: -1, count: size)
        let newMask = size - 1
        for (index, hash) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: hash) & newMask
            while newTable[slot] >= 0 { slot = (slot + 1) & newMask }
            newTable[slot] = Int32(index)
        }
        table = newTable
        mask = newMask
    }

    /// FNV-1a over 8-byte words, then a final mix so low bits are usable as a slot.
    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        let raw = UnsafeRawBufferPointer(bytes)
        var i = 0
        let n = raw.count
        while i + 8 <= n {
            h = (h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0x0000_0100_0000_01b3
            h ^= h >> 29
            i += 8
        }
        while i < n {
            h = (h ^ UInt64(raw[i])) &* 0x0000_0100_0000_01b3
            i += 1
        }
        h ^= UInt64(n)
        h ^= h >> 33
        h = h &* 0xff51_afd7_ed55_8ccd
        h ^= h >> 33
        h = h &* 0xc4ce_b9fe_1a85_ec53
        h ^= h >> 33
        return h
    }
}
