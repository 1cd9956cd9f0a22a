import Yams

/// Keyed access to a mapping; every key asked for is recorded so that the keys nobody asked
/// for can be reported as unknown after decoding.
struct KeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let record: MappingRecord
    let path: [ConfigPathComponent]
    let session: DecodingSession

    var codingPath: [any CodingKey] { path.map(\.codingKey) }

    /// Every key, in file order. Reading it means the type takes all keys (a dictionary), so
    /// none of them is unknown.
    var allKeys: [Key] {
        record.enumerated = true
        return record.entries.compactMap { entry in
            Key(stringValue: entry.key)
                ?? (session.keyStyle == .snakeCase ? KeyStyle.camelCandidates(entry.key).lazy.compactMap(Key.init(stringValue:)).first : nil)
        }
    }

    /// The mapping key that holds the value of `key` (its snake_case form in snake_case files).
    private func name(_ key: Key) -> String {
        session.keyStyle.fileKey(for: key.stringValue, has: record.holds)
    }

    func contains(_ key: Key) -> Bool { record.entry(name(key)) != nil }

    func decodeNil(forKey key: Key) throws -> Bool {
        guard let entry = record.entry(name(key)) else { return true }
        return Scalars.isNull(entry.value)
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try decodeValue(type, forKey: key) }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        let name = name(key)
        guard let entry = record.entry(name), !Scalars.isNull(entry.value) else { return nil }
        return try session.decode(type, from: entry.value, path: path + [.key(name)])
    }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try decodeValue(type, forKey: key) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try decodeValue(type, forKey: key) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try decodeValue(type, forKey: key) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try decodeValue(type, forKey: key) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try decodeValue(type, forKey: key) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try decodeValue(type, forKey: key) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try decodeValue(type, forKey: key) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try decodeValue(type, forKey: key) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try decodeValue(type, forKey: key) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try decodeValue(type, forKey: key) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try decodeValue(type, forKey: key) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try decodeValue(type, forKey: key) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try decodeValue(type, forKey: key) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try decodeValue(type, forKey: key) }

    private func decodeValue<T: Decodable>(_ type: T.Type, forKey key: Key) throws(ConfigError) -> T {
        try session.decode(type, from: required(key, expecting: type), path: path + [.key(name(key))])
    }

    /// The value for `key`, or a missing-key error at the mapping naming what was expected.
    private func required(_ key: Key, expecting type: Any.Type) throws(ConfigError) -> Node {
        let name = name(key)
        guard let entry = record.entry(name) else {
            if let unknown = session.unknownKeyError(in: record) { throw unknown }
            throw session.error(
                .missingKey, at: record.mark, path: path + [.key(name)],
                "missing key '\(name)' (expected \(describe(expected: type)))")
        }
        return entry.value
    }

    private func decoder(for key: Key, expecting type: Any.Type) throws(ConfigError) -> NodeDecoder {
        NodeDecoder(node: try required(key, expecting: type), path: path + [.key(name(key))], session: session)
    }

    func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type, forKey key: Key
    ) throws -> KeyedDecodingContainer<NestedKey> {
        try decoder(for: key, expecting: [String: String].self).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try decoder(for: key, expecting: [String].self).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        let key = ConfigCodingKey(stringValue: "super")
        let value = record.entry(key.stringValue)?.value ?? .scalar(.init("null"))
        return NodeDecoder(node: value, path: path + [.key(key.stringValue)], session: session)
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        let name = name(key)
        let value = record.entry(name)?.value ?? .scalar(.init("null"))
        return NodeDecoder(node: value, path: path + [.key(name)], session: session)
    }
}
