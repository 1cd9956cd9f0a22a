/// How input text is shown inside an error message: every error type that quotes what a file
/// holds (a CSV cell or header, a YAML value or key, a plan or milestone value) goes through
/// here, so a message never carries raw NUL or control bytes into a terminal or a log.
///
/// Escapes: `\n`, `\r`, `\t` by name; other C0 controls, DEL and bytes that are not UTF-8 as
/// `\xNN`; C1 controls, format characters (byte order mark, zero-width and bidirectional
/// marks), line/paragraph separators, unusual spaces (no-break space …), private-use,
/// surrogate and unassigned scalars as `\u{XXXX}`. Everything else, including any printable
/// non-ASCII text, is shown as written. A backslash is not doubled: messages stay readable
/// for Windows-style paths, at the price of `\x00` typed literally looking like a NUL.
///
/// Long values are cut after `limit` characters (Unicode scalars of the original text) and
/// end with `…`.
package enum DisplayEscaping {
    /// The limit used when a caller gives none: enough for any sensible cell or key.
    package static let defaultLimit = 60

    /// `text` with non-printable scalars escaped, cut to `limit` scalars.
    package static func escaped(_ text: some StringProtocol, limit: Int = defaultLimit) -> String {
        var shown = ""
        var count = 0
        for scalar in text.unicodeScalars {
            if count == limit {
                shown += "…"
                return shown
            }
            append(scalar, to: &shown)
            count += 1
        }
        return shown
    }

    /// Bytes that should be UTF-8: valid sequences as in `escaped(_:limit:)`, every byte of
    /// an invalid sequence as `\xNN`.
    package static func escaped(bytes: some Collection<UInt8>, limit: Int = defaultLimit) -> String {
        // At most 4 bytes per shown scalar: enough to show `limit` of them.
        let head = Array(bytes.prefix(4 * limit + 4))
        var shown = ""
        var count = 0
        var i = 0
        while i < head.count {
            if count == limit {
                shown += "…"
                return shown
            }
            let lead = head[i]
            let length = sequenceLength(lead: lead)
            if length > 0, i + length <= head.count,
                let text = String(validating: head[i..<i + length], as: UTF8.self),
                let scalar = text.unicodeScalars.first
            {
                append(scalar, to: &shown)
                i += length
            } else {
                shown += hex(lead)
                i += 1
            }
            count += 1
        }
        if bytes.count > head.count { shown += "…" }
        return shown
    }

    /// `escaped(text)` in double quotes, with an inner `"` shown as `\"`.
    package static func quoted(_ text: some StringProtocol, limit: Int = defaultLimit) -> String {
        "\"" + escaped(text, limit: limit).replacingQuotes() + "\""
    }

    /// `escaped(bytes:)` in double quotes, with an inner `"` shown as `\"`.
    package static func quoted(bytes: some Collection<UInt8>, limit: Int = defaultLimit) -> String {
        "\"" + escaped(bytes: bytes, limit: limit).replacingQuotes() + "\""
    }

    /// `escaped(text)` in single quotes (the configuration files' style), inner `'` as `\'`.
    package static func singleQuoted(_ text: some StringProtocol, limit: Int = defaultLimit) -> String {
        "'" + escaped(text, limit: limit).replacingSingleQuotes() + "'"
    }

    /// Why a file that should be UTF-8 text is not, judged from its first bytes: a UTF-16 or
    /// UTF-32 byte order mark, or NUL bytes among the first 4 KiB (a NUL in four of every five
    /// byte pairs, all at even or all at odd offsets, reads as UTF-16 without a mark; other NULs
    /// as a binary file). Nil for anything else, including UTF-8 with a byte order mark.
    /// `kind` names what the file should be, e.g. "CSV" or "YAML/JSON".
    package static func encodingProblem(prefix bytes: some Collection<UInt8>, kind: String) -> EncodingProblem? {
        let head = Array(bytes.prefix(4096))
        if head.starts(with: [0xFF, 0xFE, 0, 0]) || head.starts(with: [0, 0, 0xFE, 0xFF]) {
            return EncodingProblem(
                evidence: "a UTF-32 byte order mark", advice: "this looks like UTF-32 (convert it to UTF-8)")
        }
        if head.starts(with: [0xFF, 0xFE]) || head.starts(with: [0xFE, 0xFF]) {
            return EncodingProblem(
                evidence: "a UTF-16 byte order mark", advice: "this looks like UTF-16 (convert it to UTF-8)")
        }
        guard head.contains(0) else { return nil }
        let pairs = head.count / 2
        if pairs >= 2 {
            let even = (0..<pairs).filter { head[2 * $0] == 0 && head[2 * $0 + 1] != 0 }.count
            let odd = (0..<pairs).filter { head[2 * $0 + 1] == 0 && head[2 * $0] != 0 }.count
            if max(even, odd) * 5 >= pairs * 4 {
                return EncodingProblem(
                    evidence: "a NUL in every other byte", advice: "this looks like UTF-16 (convert it to UTF-8)")
            }
        }
        return EncodingProblem(
            evidence: "NUL bytes near the start", advice: "this looks like a binary file, not \(kind)")
    }

    /// The offset of the first byte that does not start a valid UTF-8 sequence, or nil when
    /// all of `bytes` is UTF-8.
    package static func firstInvalidUTF8Offset(_ bytes: [UInt8]) -> Int? {
        var i = 0
        while i < bytes.count {
            let length = sequenceLength(lead: bytes[i])
            guard length > 0, i + length <= bytes.count,
                length == 1 || String(validating: bytes[i..<i + length], as: UTF8.self) != nil
            else { return i }
            i += length
        }
        return nil
    }

    /// What `encodingProblem` saw and what it means for the user.
    package struct EncodingProblem: Sendable, Hashable, CustomStringConvertible {
        /// What the bytes show, e.g. "a UTF-16 byte order mark".
        package var evidence: String
        /// What the user should do, e.g. "this looks like UTF-16 (convert it to UTF-8)".
        package var advice: String
        /// "a UTF-16 byte order mark: this looks like UTF-16 (convert it to UTF-8)".
        package var description: String { "\(evidence): \(advice)" }
    }

    /// Bytes in the UTF-8 sequence that `lead` starts; 0 when it cannot start one.
    private static func sequenceLength(lead: UInt8) -> Int {
        switch lead {
        case 0..<0x80: 1
        case 0xC2...0xDF: 2
        case 0xE0...0xEF: 3
        case 0xF0...0xF4: 4
        default: 0
        }
    }

    private static func append(_ scalar: Unicode.Scalar, to shown: inout String) {
        switch scalar {
        case "\n": shown += "\\n"
        case "\r": shown += "\\r"
        case "\t": shown += "\\t"
        case " ": shown += " "
        default:
            if scalar.value < 0x20 || scalar.value == 0x7F {
                shown += hex(UInt8(scalar.value))
            } else if needsEscape(scalar) {
                shown += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                shown.unicodeScalars.append(scalar)
            }
        }
    }

    private static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator, .spaceSeparator, .privateUse, .surrogate,
            .unassigned:
            return true
        default:
            return false
        }
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return "\\x" + String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 0xF)])
    }
}

extension String {
    fileprivate func replacingQuotes() -> String {
        var out = ""
        for c in self { out += c == "\"" ? "\\\"" : String(c) }
        return out
    }

    fileprivate func replacingSingleQuotes() -> String {
        var out = ""
        for c in self { out += c == "'" ? "\\'" : String(c) }
        return out
    }
}
