import _BearingText

/// One step from the document root: a mapping key or a list index.
enum ConfigPathComponent: Hashable, Sendable {
    case key(String)
    case index(Int)

    var codingKey: ConfigCodingKey {
        switch self {
        case .key(let name): ConfigCodingKey(stringValue: name)
        case .index(let i): ConfigCodingKey(intValue: i)
        }
    }
}

extension [ConfigPathComponent] {
    /// `segments[1].arr.sigma`; empty for the root.
    var rendered: String {
        var text = ""
        for component in self {
            switch component {
            case .key(let name): text += text.isEmpty ? name : ".\(name)"
            case .index(let i): text += "[\(i)]"
            }
        }
        return text
    }
}

/// A coding key for paths and for decoding mappings with arbitrary keys.
typealias ConfigCodingKey = AnyCodingKey
