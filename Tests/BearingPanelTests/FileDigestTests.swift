import BearingPanel
import Testing

/// SHA-256 against the FIPS 180-4 examples, fed whole and in awkward pieces.
@Suite struct FileDigestTests {
    static let vectors: [(String, String)] = [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        (
            "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        ),
    ]

    @Test func publishedVectors() {
        for (text, hex) in Self.vectors { #expect(FileDigest.sha256(Array(text.utf8)) == "sha256:" + hex) }
    }

    @Test func millionAsFedInPieces() {
        // FIPS 180-4 example: one million "a" = cdc76e5c 9914fb92 81a1c7e2 84d73e67 f1809a48 a497200e 046d39cc c7112cd0.
        let bytes = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
        for piece in [1, 63, 64, 65, 1000, 1_000_000] {
            var hasher = SHA256()
            var offset = 0
            bytes.withUnsafeBytes { all in
                while offset < all.count {
                    let n = min(piece, all.count - offset)
                    hasher.update(UnsafeRawBufferPointer(rebasing: all[offset..<(offset + n)]))
                    offset += n
                }
            }
            #expect(hasher.finalize() == "sha256:cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
        }
    }
}

extension FileDigestTests {
    /// The SHA-instruction path (when the CPU has it) and the portable path agree on every
    /// length around the block and padding boundaries.
    @Test func instructionAndPortablePathsAgree() {
        var bytes: [UInt8] = []
        for length in 0..<300 {
            var fast = SHA256()
            var slow = SHA256(portable: true)
            bytes.withUnsafeBytes {
                fast.update($0)
                slow.update($0)
            }
            #expect(fast.finalize() == slow.finalize(), "length \(length)")
            bytes.append(UInt8(truncatingIfNeeded: length &* 151 &+ 7))
        }
    }
}
