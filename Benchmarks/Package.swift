// swift-tools-version: 6.2
import PackageDescription

// Benchmarks live in their own package so `swift build` / `swift test` at the root never compile them.
// Run from this folder, e.g.:  BEARING_NATIVE=1 swift run -c release bench-scoring
let package = Package(
    name: "BearingBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "Bearing", path: ".."),
        .package(url: "https://github.com/swhitty/FlyingFox", from: "0.27.1"),
    ],
    targets: [
        .executableTarget(
            name: "bench-panel-load",
            dependencies: [.product(name: "Bearing", package: "Bearing")],
            path: "PanelLoad"),
        .executableTarget(
            name: "bench-monte-carlo",
            dependencies: [.product(name: "Bearing", package: "Bearing")],
            path: "MonteCarlo"),
        .executableTarget(
            name: "bench-scoring",
            dependencies: [.product(name: "Bearing", package: "Bearing")],
            path: "Scoring",
            exclude: ["compare_scoring.py", "check_score_csv.py", "fit_exp2.py"]),
        .executableTarget(
            name: "bench-fit-scenario",
            dependencies: [.product(name: "Bearing", package: "Bearing")],
            path: "FitScenario"),
        .executableTarget(
            name: "bench-bootstrap",
            dependencies: [.product(name: "Bearing", package: "Bearing")],
            path: "Bootstrap"),
        .executableTarget(
            name: "bench-import",
            dependencies: [.product(name: "Bearing", package: "Bearing")],
            path: "Import",
            exclude: ["pandas_events.py"]),
        .executableTarget(
            name: "bench-logistic",
            dependencies: [.product(name: "Bearing", package: "Bearing")],
            path: "Logistic",
            exclude: ["compare_logistic.py"]),
        .executableTarget(
            name: "bench-postgres-stream",
            dependencies: [.product(name: "BearingPostgres", package: "Bearing")],
            path: "PostgresStream",
            exclude: ["setup.sql"]),
        .executableTarget(
            name: "bench-writer",
            dependencies: [.product(name: "Bearing", package: "Bearing")],
            path: "Writer"),
        .executableTarget(
            name: "bench-backtest",
            dependencies: [.product(name: "Bearing", package: "Bearing")],
            path: "Backtest",
            exclude: ["compare_backtest.py"]),
        .executableTarget(
            name: "bench-evaluate",
            dependencies: [
                .product(name: "Bearing", package: "Bearing"), .product(name: "BearingServe", package: "Bearing"),
                .product(name: "FlyingFox", package: "FlyingFox"),
            ],
            path: "Evaluate"),
    ]
)
