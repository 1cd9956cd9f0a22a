import Testing
import _BearingText

/// How error messages show input: the expected strings are written out by hand from the rules
/// in `DisplayEscaping`'s comment (one case per rule).
struct DisplayEscapingTests {
    @Test(arguments: [
        ("plain text", "plain text"),
        ("tab\there", "tab\\there"),
        ("cr\rlf\n", "cr\\rlf\\n"),
        ("nul\u{0}", "nul\\x00"),
        ("esc\u{1B}[31m", "esc\\x1B[31m"),
        ("del\u{7F}", "del\\x7F"),
        ("c1\u{85}", "c1\\u{85}"),
        ("\u{FEFF}bom", "\\u{FEFF}bom"),
        ("zero\u{200B}width", "zero\\u{200B}width"),
        ("bidi\u{202E}", "bidi\\u{202E}"),
        ("no\u{A0}break", "no\\u{A0}break"),
        ("line\u{2028}sep", "line\\u{2028}sep"),
        ("private\u{E000}", "private\\u{E000}"),
        ("Zürich café 東京", "Zürich café 東京"),
        ("back\\slash", "back\\slash"),
    ])
    func escapesWhatCannotBeSeen(_ input: String, _ shown: String) {
        #expect(DisplayEscaping.escaped(input) == shown)
    }

    @Test func cutsLongValuesWithAnEllipsis() {
        #expect(DisplayEscaping.escaped(String(repeating: "a", count: 61)) == String(repeating: "a", count: 60) + "…")
        #expect(DisplayEscaping.escaped(String(repeating: "a", count: 60)) == String(repeating: "a", count: 60))
        #expect(DisplayEscaping.escaped("abcdef", limit: 3) == "abc…")
        // The limit counts characters of the input, not of the escapes.
        #expect(DisplayEscaping.escaped("\u{0}\u{0}\u{0}\u{0}", limit: 2) == "\\x00\\x00…")
    }

    @Test func bytesThatAreNotUTF8AreShownAsHex() {
        #expect(DisplayEscaping.escaped(bytes: Array("Sm".utf8) + [0xFF] + Array("all".utf8)) == "Sm\\xFFall")
        // A truncated two-byte sequence, then a valid one; an overlong encoding of "/"; a surrogate.
        #expect(DisplayEscaping.escaped(bytes: [0xC3, 0x41, 0xC3, 0xA9]) == "\\xC3Aé")
        #expect(DisplayEscaping.escaped(bytes: [0xC0, 0xAF]) == "\\xC0\\xAF")
        #expect(DisplayEscaping.escaped(bytes: [0xED, 0xA0, 0x80]) == "\\xED\\xA0\\x80")
        #expect(DisplayEscaping.escaped(bytes: [0x00, 0x09]) == "\\x00\\t")
        #expect(DisplayEscaping.escaped(bytes: Array(repeating: 0x61, count: 300)) == String(repeating: "a", count: 60) + "…")
        #expect(DisplayEscaping.firstInvalidUTF8Offset(Array("ok é".utf8)) == nil)
        #expect(DisplayEscaping.firstInvalidUTF8Offset(Array("ok".utf8) + [0xE9, 0x20]) == 2)
    }

    @Test func quotedFormsEscapeTheirQuote() {
        #expect(DisplayEscaping.quoted("say \"hi\"\n") == "\"say \\\"hi\\\"\\n\"")
        #expect(DisplayEscaping.singleQuoted("it's\t") == "'it\\'s\\t'")
        #expect(DisplayEscaping.quoted(bytes: [0x22, 0x00]) == "\"\\\"\\x00\"")
    }

    @Test func escapingTwiceChangesNothing() {
        let once = DisplayEscaping.escaped("a\u{0}b\tc\u{FEFF}d\\x00", limit: 1000)
        #expect(DisplayEscaping.escaped(once, limit: 1000) == once)
    }

    @Test func recognisesUTF16UTF32AndBinaryFiles() {
        let text = "customer_id,period\nC1,2024-Q1\n"
        let le = Array(text.utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let be = Array(text.utf16).flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        func advice(_ bytes: [UInt8]) -> String? { DisplayEscaping.encodingProblem(prefix: bytes, kind: "CSV")?.advice }
        #expect(advice([0xFF, 0xFE] + le) == "this looks like UTF-16 (convert it to UTF-8)")
        #expect(advice([0xFE, 0xFF] + be) == "this looks like UTF-16 (convert it to UTF-8)")
        #expect(advice(le) == "this looks like UTF-16 (convert it to UTF-8)")
        #expect(advice(be) == "this looks like UTF-16 (convert it to UTF-8)")
        #expect(advice([0xFF, 0xFE, 0, 0, 0x61, 0, 0, 0]) == "this looks like UTF-32 (convert it to UTF-8)")
        #expect(advice([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D]) == "this looks like a binary file, not CSV")
        #expect(advice([0xEF, 0xBB, 0xBF] + Array(text.utf8)) == nil)
        #expect(advice(Array(text.utf8)) == nil)
        #expect(advice(Array("Sm".utf8) + [0xFF]) == nil, "Latin-1 is not UTF-8, but not binary either")
        #expect(advice([]) == nil)
    }
}
