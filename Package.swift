// swift-tools-version: 6.2
import PackageDescription

// Library core (Bearing*) has no third-party dependencies: numerics, optimisation, RNGs,
// the SIMD kernel and CSV reading are ours. Only `BearingFiles` (YAML) and the command line
// use packages from the mirror.
//
// Speed: set BEARING_NATIVE=1 to compile the core for the build machine's CPU
// (AVX2/AVX-512 and hardware FMA); the default build stays portable to any x86-64/arm64.
// BEARING_NATIVE=<cpu> (e.g. x86-64-v3: AVX2 + FMA, or znver4) targets that CPU instead, for
// binaries that must run on other machines. BEARING_FMA tells the kernel it may use fused
// multiply-add, so name a CPU that has FMA (x86-64-v3 or newer).
let nativeSetting = Context.environment["BEARING_NATIVE"] ?? ""
let targetCPU: String? = nativeSetting.isEmpty || nativeSetting == "0" ? nil : (nativeSetting == "1" ? "native" : nativeSetting)
let coreSettings: [SwiftSetting] = targetCPU.map { [.unsafeFlags(["-target-cpu", $0]), .define("BEARING_FMA")] } ?? []

let package = Package(
    name: "Bearing",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "bearing", targets: ["bearing"]),
        .library(name: "Bearing", targets: [
            "BearingRandom", "BearingPanel", "BearingMetrics", "BearingVector",
            "BearingSimulation", "BearingCalibration", "BearingForecast", "BearingComp", "BearingImport",
        ]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // MARK: Core (no third-party dependencies)
        .target(name: "BearingRandom", swiftSettings: coreSettings),
        // SHA-256 on the CPU's SHA instructions, for hashing source files as fast as they are read.
        .target(name: "_BearingDigest"),
        .target(name: "BearingPanel", dependencies: ["_BearingDigest"], swiftSettings: coreSettings),
        .target(name: "BearingMetrics", dependencies: ["BearingPanel"], swiftSettings: coreSettings),
        // Streaming stores for the scoring kernel (two inline functions; Swift cannot spell them).
        .target(name: "_BearingStreaming"),
        .target(
            name: "BearingVector", dependencies: ["BearingPanel", "BearingMetrics", "_BearingStreaming"],
            swiftSettings: coreSettings),
        .target(
            name: "BearingSimulation",
            dependencies: ["BearingRandom", "BearingPanel", "BearingMetrics"],
            swiftSettings: coreSettings),
        .target(
            name: "BearingCalibration",
            dependencies: ["BearingPanel", "BearingMetrics", "BearingVector"],
            swiftSettings: coreSettings),
        .target(
            name: "BearingForecast",
            dependencies: ["BearingRandom", "BearingPanel", "BearingMetrics", "BearingVector"],
            swiftSettings: coreSettings),
        .target(
            name: "BearingComp",
            dependencies: ["BearingRandom", "BearingPanel", "BearingMetrics", "BearingVector", "BearingForecast"],
            swiftSettings: coreSettings),
        .target(name: "BearingReport", dependencies: ["BearingMetrics", "BearingCalibration"], swiftSettings: coreSettings),
        .target(name: "BearingImport", dependencies: ["BearingPanel"], swiftSettings: coreSettings),

        // MARK: Files and command line (may use the mirror's standard packages)
        .target(name: "BearingFiles", dependencies: [.product(name: "Yams", package: "Yams")]),
        .target(
            name: "BearingCommands",
            dependencies: [
                "BearingRandom", "BearingPanel", "BearingMetrics", "BearingVector",
                "BearingSimulation", "BearingCalibration", "BearingForecast", "BearingComp", "BearingReport", "BearingFiles",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .executableTarget(
            name: "bearing",
            dependencies: ["BearingCommands", .product(name: "ArgumentParser", package: "swift-argument-parser")]),

        // MARK: Tests
        .target(name: "_TestSupport", dependencies: ["BearingPanel"], path: "Tests/_TestSupport"),
        .testTarget(name: "BearingRandomTests", dependencies: ["BearingRandom", "_TestSupport"], exclude: ["reference"]),
        .testTarget(name: "BearingPanelTests", dependencies: ["BearingPanel", "_TestSupport"], resources: [.copy("Fixtures")]),
        .testTarget(name: "BearingMetricsTests", dependencies: ["BearingMetrics", "_TestSupport"]),
        .testTarget(name: "BearingVectorTests", dependencies: ["BearingVector", "_TestSupport"]),
        .testTarget(name: "BearingSimulationTests", dependencies: ["BearingSimulation", "BearingFiles", "_TestSupport"], exclude: ["reference"]),
        .testTarget(name: "BearingCalibrationTests", dependencies: ["BearingCalibration", "_TestSupport"], exclude: ["reference"], resources: [.copy("Fixtures")]),
        .testTarget(name: "BearingForecastTests", dependencies: ["BearingForecast", "_TestSupport"], exclude: ["reference"]),
        .testTarget(name: "BearingCompTests", dependencies: ["BearingComp", "_TestSupport"], exclude: ["Scripts"]),
        .testTarget(name: "BearingReportTests", dependencies: ["BearingReport", "_TestSupport"]),
        .testTarget(name: "BearingFilesTests", dependencies: ["BearingFiles"]),
        .testTarget(
            name: "BearingImportTests",
            dependencies: ["BearingImport", "BearingFiles", "BearingSimulation", "_TestSupport"],
            exclude: ["reference"]),
        .testTarget(name: "BearingCommandsTests", dependencies: ["BearingCommands", "_TestSupport"], resources: [.copy("BadInputs")]),
    ]
)
