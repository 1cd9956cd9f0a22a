import BearingContracts

/// What `bearing --version` prints: the version and how this binary was built, e.g.
/// `0.2.0 (release, x86_64, Swift 6.3)`.
enum BuildInfo {
    static let version = "\(BearingVersion.current) (\(configuration), \(architecture), Swift \(swift))"

    static var configuration: String {
        #if DEBUG
            "debug"
        #else
            "release"
        #endif
    }

    static var architecture: String {
        #if arch(x86_64)
            "x86_64"
        #elseif arch(arm64)
            "arm64"
        #else
            "other architecture"
        #endif
    }

    static var swift: String {
        #if compiler(>=6.5)
            "6.5 or later"
        #elseif compiler(>=6.4)
            "6.4"
        #elseif compiler(>=6.3)
            "6.3"
        #elseif compiler(>=6.2)
            "6.2"
        #else
            "before 6.2"
        #endif
    }
}
