// swift-tools-version: 6.2
import PackageDescription

// Library core (Bearing*) has no third-party dependencies: numerics, optimisation, RNGs,
// the SIMD kernel and CSV reading are ours. Only `BearingFiles` (YAML), `BearingServe` (HTTP)
// and the command line use packages from the mirror.
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
        .library(
            name: "Bearing",
            targets: [
                "BearingRandom", "BearingPanel", "BearingMetrics", "BearingVector",
                "BearingSimulation", "BearingCalibration", "BearingForecast", "BearingComp", "BearingScenarioFit", "BearingImport",
                "BearingContracts", "BearingPipeline",
            ]),
        // The PostgreSQL edge adapter, apart from the core library: it brings SwiftNIO and TLS.
        .library(name: "BearingPostgres", targets: ["BearingPostgres"]),
        // For the benchmarks: the tuner's HTTP edge (the evaluator is in the Bearing product).
        .library(name: "BearingServe", targets: ["BearingServe"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        // HTTP for `bearing serve` only: no dependencies of its own (see docs/serve.md for why not Hummingbird).
        .package(url: "https://github.com/swhitty/FlyingFox", from: "0.27.1"),
    ],
    targets: [
        // MARK: Core (no third-party dependencies)
        .target(name: "BearingRandom", swiftSettings: coreSettings),
        // How error messages show input text (escaped, cut) and "did you mean" hints; shared by the readers.
        .target(name: "_BearingText"),
        // SHA-256 on the CPU's SHA instructions, for hashing source files as fast as they are read.
        .target(name: "_BearingDigest"),
        .target(name: "BearingPanel", dependencies: ["_BearingText", "_BearingDigest"], swiftSettings: coreSettings),
        .target(name: "BearingMetrics", dependencies: ["BearingPanel"], swiftSettings: coreSettings),
        // Streaming stores for the scoring kernel (two inline functions; Swift cannot spell them).
        .target(name: "_BearingStreaming"),
        .target(
            name: "BearingVector", dependencies: ["BearingPanel", "BearingMetrics", "_BearingStreaming"],
            swiftSettings: coreSettings),
        .target(
            name: "BearingSimulation",
            dependencies: ["BearingRandom", "BearingPanel", "BearingMetrics", "_BearingText"],
            swiftSettings: coreSettings),
        // The Newton pass's accumulation on AVX-512/AVX, chosen at run time (bit-identical to the Swift loop).
        .target(name: "_BearingNewton"),
        .target(
            name: "BearingCalibration",
            dependencies: ["BearingRandom", "BearingPanel", "BearingMetrics", "BearingVector", "_BearingNewton"],
            swiftSettings: coreSettings),
        .target(
            name: "BearingForecast",
            dependencies: ["BearingRandom", "BearingPanel", "BearingMetrics"],
            swiftSettings: coreSettings),
        .target(
            name: "BearingComp",
            dependencies: ["BearingPanel", "BearingMetrics", "BearingForecast", "_BearingText"],
            swiftSettings: coreSettings),
        .target(
            name: "BearingScenarioFit",
            dependencies: ["BearingPanel", "BearingMetrics", "BearingVector", "BearingSimulation", "BearingForecast", "_BearingText"],
            swiftSettings: coreSettings),
        .target(name: "BearingImport", dependencies: ["BearingPanel", "_BearingText"], swiftSettings: coreSettings),

        // MARK: Files and command line (may use the mirror's standard packages)
        .target(name: "BearingFiles", dependencies: ["_BearingText", .product(name: "Yams", package: "Yams")]),
        // Every file Bearing reads or writes: one Codable type each, one JSON and CSV convention.
        .target(
            name: "BearingContracts",
            dependencies: [
                "BearingPanel", "BearingMetrics", "BearingVector", "BearingSimulation", "BearingCalibration",
                "BearingForecast", "BearingComp", "BearingScenarioFit", "BearingFiles", "_BearingText",
            ]),
        .target(
            name: "BearingReport",
            dependencies: [
                "BearingPanel", "BearingMetrics", "BearingVector", "BearingSimulation", "BearingCalibration", "BearingForecast",
                "BearingComp", "BearingContracts", "BearingFiles",
            ]),
        // The stages of the loop as library calls on values; commands and the workbench compose them.
        .target(
            name: "BearingPipeline",
            dependencies: [
                "BearingPanel", "BearingMetrics", "BearingVector", "BearingSimulation", "BearingCalibration", "BearingForecast",
                "BearingComp", "BearingContracts", "BearingReport", "BearingScenarioFit", "BearingImport",
            ]),
        // Edge adapter: PostgreSQL query results as header + text cells for `bearing panel --postgres`.
        .target(name: "BearingPostgres", dependencies: ["_BearingText", .product(name: "PostgresNIO", package: "postgres-nio")]),
        // The HTTP edge of `bearing serve`: the tuner page and its JSON API over `Evaluator`.
        .target(
            name: "BearingServe",
            dependencies: [
                "BearingVector", "BearingContracts", "BearingPipeline",
                .product(name: "FlyingFox", package: "FlyingFox"),
            ]),
        .target(
            name: "BearingCommands",
            dependencies: [
                "BearingPanel", "BearingMetrics", "BearingVector", "BearingCalibration", "BearingForecast", "BearingContracts",
                "BearingReport", "BearingPipeline", "BearingServe", "BearingImport", "BearingPostgres", "BearingFiles",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .executableTarget(
            name: "bearing",
            dependencies: ["BearingCommands", .product(name: "ArgumentParser", package: "swift-argument-parser")]),

        // MARK: Tests
        .target(name: "_TestSupport", dependencies: ["BearingPanel"], path: "Tests/_TestSupport"),
        .testTarget(name: "BearingRandomTests", dependencies: ["BearingRandom"], exclude: ["reference"]),
        .testTarget(name: "BearingPanelTests", dependencies: ["BearingPanel", "_BearingText", "_TestSupport"], resources: [.copy("Fixtures")]),
        .testTarget(name: "BearingMetricsTests", dependencies: ["BearingMetrics", "BearingPanel", "_TestSupport"], exclude: ["reference"]),
        .testTarget(name: "BearingVectorTests", dependencies: ["BearingVector", "BearingPanel", "_TestSupport"]),
        .testTarget(
            name: "BearingSimulationTests",
            dependencies: ["BearingSimulation", "BearingContracts", "BearingFiles", "BearingMetrics", "BearingPanel", "_TestSupport"],
            exclude: ["reference"]),
        .testTarget(
            name: "BearingCalibrationTests", dependencies: ["BearingCalibration", "BearingMetrics", "BearingPanel", "BearingVector", "_TestSupport"],
            exclude: ["reference"],
            resources: [.copy("Fixtures")]),
        .testTarget(
            name: "BearingForecastTests",
            dependencies: ["BearingForecast", "BearingFiles", "BearingMetrics", "BearingPanel", "BearingRandom", "_TestSupport"],
            exclude: ["reference"]),
        .testTarget(
            name: "BearingCompTests", dependencies: ["BearingComp", "BearingForecast", "BearingMetrics", "BearingPanel", "_TestSupport"],
            exclude: ["Scripts"]),
        .testTarget(
            name: "BearingReportTests",
            dependencies: ["BearingReport", "BearingComp", "BearingContracts", "BearingMetrics", "BearingVector"]),
        .testTarget(
            name: "BearingScenarioFitTests",
            dependencies: ["BearingScenarioFit", "BearingFiles", "BearingForecast", "BearingPanel", "BearingSimulation"],
            exclude: ["reference"]),
        .testTarget(name: "BearingFilesTests", dependencies: ["BearingFiles"]),
        .testTarget(name: "BearingContractsTests", dependencies: ["BearingContracts", "BearingFiles", "BearingPanel", "BearingVector"]),
        .testTarget(
            name: "BearingCommandsTests",
            dependencies: [
                "BearingCommands", "BearingCalibration", "BearingContracts", "BearingFiles", "BearingForecast", "BearingImport", "BearingPanel",
                "BearingPipeline", "BearingReport", "BearingSimulation", "BearingVector", "_TestSupport",
            ],
            resources: [.copy("BadInputs")]),
        .testTarget(
            name: "BearingPostgresTests",
            dependencies: ["BearingPostgres", .product(name: "PostgresNIO", package: "postgres-nio")],
            exclude: ["reference"]),
        .testTarget(
            name: "BearingImportTests",
            dependencies: ["BearingImport", "BearingFiles", "BearingPanel", "BearingSimulation"],
            exclude: ["reference"]),
        .testTarget(
            name: "BearingServeTests",
            dependencies: [
                "BearingServe", "BearingCalibration", "BearingContracts", "BearingPanel", "BearingPipeline", "BearingVector", "_TestSupport",
                .product(name: "FlyingFox", package: "FlyingFox"),
            ]),
    ]
)
