import Yams
import _BearingText

/// State shared by every decoder of one document: the file name for errors, options, and
/// which keys each mapping was asked for (to report unknown keys afterwards).
final class DecodingSession {
    let file: String
    let allowsNonFiniteNumbers: Bool
    let keyStyle: KeyStyle
    /// Top-level keys that belong to an envelope, not to the decoded type.
    let rootKeysAllowed: Set<String>
    let userInfo: [CodingUserInfoKey: Any]
    /// One record per mapping opened as a keyed container, by path, in opening order.
    private(set) var records: [MappingRecord] = []
    private var recordIndex: [[ConfigPathComponent]: Int] = [:]

    init(
        file: String, allowsNonFiniteNumbers: Bool, keyStyle: KeyStyle = .asWritten, rootKeysAllowed: Set<String> = [],
        userInfo: [CodingUserInfoKey: any Sendable] = [:]
    ) {
        self.file = file
        self.allowsNonFiniteNumbers = allowsNonFiniteNumbers
        self.keyStyle = keyStyle
        self.rootKeysAllowed = rootKeysAllowed
        self.userInfo = userInfo
    }

    /// The record for a mapping; the same node opened twice (a type and its `superDecoder`,
    /// or a second `container(keyedBy:)` call) shares one record.
    func record(for mapping: Node.Mapping, path: [ConfigPathComponent]) throws(ConfigError) -> MappingRecord {
        if let i = recordIndex[path] { return records[i] }
        var entries: [MappingRecord.Entry] = []
        for (keyNode, value) in mapping {
            guard case .scalar(let scalar) = keyNode else {
                throw error(
                    .typeMismatch, at: keyNode, path: path,
                    "mapping keys must be plain text, found \(describe(found: keyNode))")
            }
            entries.append(.init(key: scalar.string, keyNode: keyNode, value: value))
        }
        let record = MappingRecord(entries: entries, path: path, mark: mapping.mark)
        recordIndex[path] = records.count
        records.append(record)
        return record
    }

    /// The record already opened for the mapping at `path`, if any.
    func existingRecord(at path: [ConfigPathComponent]) -> MappingRecord? {
        recordIndex[path].map { records[$0] }
    }

    /// After a successful decode: the first key (in file order) that no container asked for.
    func unknownKeyError() -> ConfigError? {
        var unknown: [(record: MappingRecord, entry: MappingRecord.Entry)] = []
        for record in records where !record.enumerated {
            for entry in record.entries where !record.asked.contains(entry.key) && !isEnvelopeKey(entry.key, of: record) {
                unknown.append((record, entry))
            }
        }
        return unknownKeyError(unknown, listingAskedKeys: true)
    }

    /// While decoding `record` failed (a missing key, a check across keys): a key of it that
    /// none of the coding-key types it was opened with can even represent. A misspelt key
    /// usually causes the failure (`latnet` leaves `latent` missing; `great` leaves the fit
    /// shares short of 1), so it is the error to report, at the misspelt key.
    func unknownKeyError(in record: MappingRecord) -> ConfigError? {
        // Only some keys were asked for when decoding stopped: no "expected one of" list.
        unknownKeyError(
            record.unrepresentableEntries().filter { !isEnvelopeKey($0.key, of: record) }.map { (record, $0) },
            listingAskedKeys: false)
    }

    private func isEnvelopeKey(_ key: String, of record: MappingRecord) -> Bool {
        record.path.isEmpty && rootKeysAllowed.contains(key)
    }

    private func unknownKeyError(
        _ unknown: [(record: MappingRecord, entry: MappingRecord.Entry)], listingAskedKeys: Bool
    ) -> ConfigError? {
        func position(_ item: (record: MappingRecord, entry: MappingRecord.Entry)) -> (Int, Int) {
            let mark = item.entry.keyNode.mark
            return (mark?.line ?? 0, mark?.column ?? 0)
        }
        guard let first = unknown.min(by: { position($0) < position($1) }) else { return nil }
        var message = "unknown key \(DisplayEscaping.singleQuoted(first.entry.key))"
        let known = first.record.askedInOrder
        if listingAskedKeys, !known.isEmpty {
            message += " (expected one of: \(known.joined(separator: ", ")))"
        }
        if let suggestion = closest(to: first.entry.key, in: known) {
            message += "; did you mean '\(suggestion)'?"
        }
        if unknown.count > 1 {
            message += " [\(unknown.count - 1) more unknown key\(unknown.count > 2 ? "s" : "")]"
        }
        return error(.unknownKey, at: first.entry.keyNode, path: first.record.path + [.key(first.entry.key)], message)
    }

    func error(_ kind: ConfigError.Kind, at node: Node?, path: [ConfigPathComponent], _ message: String) -> ConfigError {
        let mark = node?.mark
        return ConfigError(
            kind: kind, file: file, line: mark?.line ?? 0, column: mark?.column ?? 0,
            path: path.rendered, message: message)
    }

    func error(_ kind: ConfigError.Kind, at mark: Mark?, path: [ConfigPathComponent], _ message: String) -> ConfigError {
        ConfigError(
            kind: kind, file: file, line: mark?.line ?? 0, column: mark?.column ?? 0,
            path: path.rendered, message: message)
    }
}

/// Keys of one mapping and which of them the decoding types asked for.
final class MappingRecord {
    struct Entry {
        var key: String
        var keyNode: Node
        var value: Node
    }

    let entries: [Entry]
    let path: [ConfigPathComponent]
    let mark: Mark?
    private let index: [String: Int]
    /// Keys asked for via decode / decodeIfPresent / contains / decodeNil / nested containers.
    private(set) var asked: Set<String> = []
    private(set) var askedInOrder: [String] = []
    /// `allKeys` was read: the type takes every key (dictionaries), so none is unknown.
    var enumerated = false
    /// One test per coding-key type the mapping was opened with: can that type represent the
    /// key? (Synthesized `CodingKeys` enums cannot represent a misspelt key.)
    var keyTests: [(String) -> Bool] = []

    /// Entries not asked for that no coding-key type of this mapping can represent, in file order.
    func unrepresentableEntries() -> [Entry] {
        guard !enumerated, !keyTests.isEmpty else { return [] }
        return entries.filter { entry in !asked.contains(entry.key) && !keyTests.contains { $0(entry.key) } }
    }

    init(entries: [Entry], path: [ConfigPathComponent], mark: Mark?) {
        self.entries = entries
        self.path = path
        self.mark = mark
        var index: [String: Int] = [:]
        for (i, entry) in entries.enumerated() where index[entry.key] == nil { index[entry.key] = i }
        self.index = index
    }

    func ask(_ key: String) {
        if asked.insert(key).inserted { askedInOrder.append(key) }
    }

    /// Whether the mapping has `key`, without counting it as asked for.
    func holds(_ key: String) -> Bool { index[key] != nil }

    func entry(_ key: String) -> Entry? {
        ask(key)
        return index[key].map { entries[$0] }
    }
}

/// A known key within edit distance 2 of `key`, for "did you mean" hints.
func closest(to key: String, in candidates: [String]) -> String? {
    Suggestion.closest(to: key, in: candidates, within: 2)
}
