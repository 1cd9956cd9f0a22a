import Yams

/// A `Decoder` over one YAML node. Errors are `ConfigError`s located at the node.
struct NodeDecoder: Decoder {
    let node: Node
    let path: [ConfigPathComponent]
    let session: DecodingSession

    var codingPath: [any CodingKey] { path.map(\.codingKey) }
    var userInfo: [CodingUserInfoKey: Any] { session.userInfo }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .mapping(let mapping) = node else {
            throw session.error(.typeMismatch, at: node, path: path, "expected a mapping, found \(describe(found: node))")
        }
        let record = try session.record(for: mapping, path: path)
        let snake = session.keyStyle == .snakeCase
        record.keyTests.append { key in
            Key(stringValue: key) != nil || (snake && KeyStyle.camelCandidates(key).contains { Key(stringValue: $0) != nil })
        }
        return KeyedDecodingContainer(KeyedContainer<Key>(record: record, path: path, session: session))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .sequence(let sequence) = node else {
            throw session.error(.typeMismatch, at: node, path: path, "expected a list, found \(describe(found: node))")
        }
        return UnkeyedContainer(node: node, items: Array(sequence), path: path, session: session)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        SingleValueContainer(node: node, path: path, session: session)
    }
}
