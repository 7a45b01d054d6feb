// swift-tools-version:6.1
//
// clinval benchmarks: a separate package so that building and testing the main package stays
// lean. Run with `swift package benchmark` from this folder (release build).

import Foundation
import PackageDescription

/// The identity SwiftPM gives the main package (a path dependency is named after its folder,
/// whatever the checkout is called).
let clinval = URL(fileURLWithPath: Context.packageDirectory).deletingLastPathComponent().lastPathComponent.lowercased()

let package = Package(
    name: "clinval-benchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/ordo-one/package-benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        /// The shared workload: the shipped model, synthesized vignettes and their evidence.
        .target(
            name: "EngineWorkload",
            dependencies: [
                .product(name: "ClinvalCore", package: clinval),
                .product(name: "ClinvalModels", package: clinval),
                .product(name: "ClinvalInference", package: clinval),
            ],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        /// `swift run -c release engine-report`: the workload's distribution and arithmetic shares.
        .executableTarget(
            name: "engine-report",
            dependencies: [
                "EngineWorkload",
                .product(name: "ClinvalInference", package: clinval),
            ],
            path: "Sources/EngineReport",
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        /// `swift run -c release pipeline-report metrics|store`: the metrics (with bootstrap) and the
        /// store's commit rate, timed apart from the rest of `clinval run`.
        .executableTarget(
            name: "pipeline-report",
            dependencies: [
                .product(name: "ClinvalCore", package: clinval),
                .product(name: "ClinvalMetrics", package: clinval),
                .product(name: "ClinvalStore", package: clinval),
            ],
            path: "Sources/PipelineReport",
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        /// The engine benchmarks (package-benchmark).
        .executableTarget(
            name: "EngineBenchmarks",
            dependencies: [
                "EngineWorkload",
                .product(name: "ClinvalInference", package: clinval),
                .product(name: "Benchmark", package: "package-benchmark"),
            ],
            path: "Benchmarks/EngineBenchmarks",
            swiftSettings: [.swiftLanguageMode(.v6)],
            plugins: [.plugin(name: "BenchmarkPlugin", package: "package-benchmark")]
        ),
    ]
)
