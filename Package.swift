// swift-tools-version:6.1
//
// clinval: a release gate for symptom-checker models.
//
// The library is split by pipeline stage. Each stage target depends on `ClinvalCore` (shared value
// types, diagnostics and located documents) and on nothing else of ours unless stated;
// `ClinvalPipeline` wires the stages, and the `clinval` executable only parses arguments and
// calls the pipeline.

import PackageDescription

/// One setting for every target: Swift 6 language mode (complete strict concurrency checking)
/// plus explicit `any` for existentials.
let swiftSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "clinval",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "clinval", targets: ["clinval"]),
        .library(name: "ClinvalPipeline", targets: ["ClinvalPipeline"]),
        // For the separate benchmark package (Benchmarks/).
        .library(name: "ClinvalCore", targets: ["ClinvalCore"]),
        .library(name: "ClinvalModels", targets: ["ClinvalModels"]),
        .library(name: "ClinvalInference", targets: ["ClinvalInference"]),
        .library(name: "ClinvalMetrics", targets: ["ClinvalMetrics"]),
        .library(name: "ClinvalStore", targets: ["ClinvalStore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    ],
    targets: [
        // MARK: System libraries (Debian: libxml2-dev; GRDB's SQLite needs libsqlite3-dev)

        /// libxml2, for writing JUnit XML and validating it against XSDs.
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),

        // MARK: Library targets, one per pipeline stage

        /// Shared value types, diagnostics with locations, and located JSON/YAML documents; SHA-256
        /// (swift-crypto) for the hashes that identify banks, models and policies.
        .target(
            name: "ClinvalCore",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: swiftSettings
        ),
        /// Vignette banks (docs/casebank-format.md): strict YAML and JSON Lines loading.
        .target(
            name: "ClinvalCasebanks",
            dependencies: ["ClinvalCore"],
            swiftSettings: swiftSettings
        ),
        /// Model files (docs/model-format.md): the noisy-OR network format and external-model manifests.
        .target(
            name: "ClinvalModels",
            dependencies: ["ClinvalCore"],
            swiftSettings: swiftSettings
        ),
        /// Exact noisy-OR inference (docs/model-format.md): Quickscore with adaptive precision, condition
        /// enumeration, and a seeded Gibbs fallback (docs/inference.md); the predictor that applies
        /// it to a model file (differential and triage), and the vignette synthesizer.
        .target(
            name: "ClinvalInference",
            dependencies: ["ClinvalCore", "ClinvalModels"],
            swiftSettings: swiftSettings
        ),
        /// Model adapters (docs/model-format.md): one protocol for every kind of model, the ranking of a
        /// differential, the built-in noisy-OR adapter and the process adapter (JSON Lines
        /// workers) of §5.2.
        .target(
            name: "ClinvalAdapters",
            dependencies: [
                "ClinvalCore", "ClinvalModels", "ClinvalInference",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        /// The runner: streams banks, selects a shard, keeps the model busy with bounded
        /// parallelism, and hands answered batches to one sink (no database or file output).
        .target(
            name: "ClinvalRunner",
            dependencies: ["ClinvalCore", "ClinvalCasebanks", "ClinvalAdapters"],
            swiftSettings: swiftSettings
        ),
        /// The metric registry (docs/metrics.md): ids, directions, populations and intervals.
        ///
        /// Optimised in debug builds too: its bootstrap kernels (the logistic refits of every
        /// resample) run 5-8 times slower unoptimised, which made `swift run clinval run` and
        /// `swift test` wait on them. Floating-point results are the same (Swift's -O does not
        /// reorder floating-point arithmetic).
        .target(
            name: "ClinvalMetrics",
            dependencies: ["ClinvalCore"],
            swiftSettings: swiftSettings + [.unsafeFlags(["-O"], .when(configuration: .debug))]
        ),
        /// Gate policies (docs/gate-policy.md).
        .target(
            name: "ClinvalGate",
            dependencies: ["ClinvalCore", "ClinvalMetrics"],
            swiftSettings: swiftSettings
        ),
        /// The results store (docs/database.md): SQLite through GRDB, migrations, batched writes, resume
        /// and shard merge. The only target that imports GRDB.
        .target(
            name: "ClinvalStore",
            dependencies: [
                "ClinvalCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings
        ),
        /// The outputs a clinician and a CI system read (docs/outputs.md): `junit.xml` (libxml2's writer),
        /// the self-contained `report.html`, Argo output parameters, and the atomic writer of an
        /// output folder. Pure renderers over one value, and the report model that builds it from
        /// the metrics' per-vignette scores and the gate's decision.
        .target(
            name: "ClinvalReports",
            dependencies: ["ClinvalCore", "ClinvalMetrics", "ClinvalGate", "CLibXML2"],
            swiftSettings: swiftSettings
        ),
        /// Wires the stages: input discovery and `lint`, and the whole run (`run`, `merge`, `gate`,
        /// `report`), from inputs to the exit code.
        .target(
            name: "ClinvalPipeline",
            dependencies: [
                "ClinvalCore", "ClinvalCasebanks", "ClinvalModels", "ClinvalInference", "ClinvalAdapters",
                "ClinvalRunner", "ClinvalStore", "ClinvalMetrics", "ClinvalGate", "ClinvalReports",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
            ],
            swiftSettings: swiftSettings
        ),
        /// The review server (docs/review-server.md): sign-in, sessions and the pages clinicians
        /// review runs on, rendered with Mustache templates compiled into the binary. It calls the
        /// pipeline's commands and the store's reads; it implements no rule of its own.
        .target(
            name: "ClinvalServer",
            dependencies: [
                "ClinvalCore", "ClinvalStore", "ClinvalGate", "ClinvalReports", "ClinvalPipeline",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        /// The command-line tool: parses arguments, bootstraps logging, calls the pipeline.
        .executableTarget(
            name: "clinval",
            dependencies: [
                "ClinvalPipeline", "ClinvalServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: Test support and tests (mirroring Sources/)

        /// Temporary directories, fixture paths and a runner for the built `clinval` binary.
        .target(
            name: "_ClinvalTestSupport",
            dependencies: ["ClinvalCore", "ClinvalAdapters", "CLibXML2"],
            path: "Tests/_ClinvalTestSupport",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ClinvalCoreTests",
            dependencies: ["ClinvalCore", "_ClinvalTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ClinvalCasebanksTests",
            dependencies: ["ClinvalCasebanks", "ClinvalCore", "_ClinvalTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ClinvalModelsTests",
            dependencies: ["ClinvalModels", "ClinvalCore", "_ClinvalTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ClinvalInferenceTests",
            dependencies: ["ClinvalInference", "ClinvalModels", "ClinvalCasebanks", "ClinvalCore", "_ClinvalTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ClinvalAdaptersTests",
            dependencies: ["ClinvalAdapters", "ClinvalModels", "ClinvalCore", "_ClinvalTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ClinvalRunnerTests",
            dependencies: ["ClinvalRunner", "ClinvalAdapters", "ClinvalCasebanks", "ClinvalModels", "ClinvalCore", "_ClinvalTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ClinvalMetricsTests",
            dependencies: ["ClinvalMetrics", "ClinvalCore"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ClinvalGateTests",
            dependencies: ["ClinvalGate", "ClinvalMetrics", "ClinvalCore", "_ClinvalTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ClinvalStoreTests",
            dependencies: ["ClinvalStore", "ClinvalCore", "_ClinvalTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ClinvalReportsTests",
            dependencies: ["ClinvalReports", "ClinvalGate", "ClinvalMetrics", "ClinvalCore", "_ClinvalTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ClinvalPipelineTests",
            dependencies: [
                "ClinvalPipeline", "ClinvalGate", "ClinvalMetrics", "ClinvalRunner", "ClinvalStore", "ClinvalCore",
                "ClinvalAdapters", "ClinvalModels", "_ClinvalTestSupport", .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ClinvalServerTests",
            dependencies: [
                "ClinvalServer", "ClinvalPipeline", "ClinvalStore", "ClinvalCore", "_ClinvalTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings
        ),
        /// libxml2 links and validates against the vendored JUnit schemas.
        .testTarget(
            name: "SystemLibraryTests",
            dependencies: ["_ClinvalTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CLITests",
            dependencies: ["clinval", "_ClinvalTestSupport"],
            swiftSettings: swiftSettings
        ),
    ]
)
