// swift-tools-version:6.2
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

// The modules the `gaffer` front runs (a short `gaffer qc` per clip) reach concrete generic types through direct metadata
// accessors, not by mangled name: a type looked up by name is demangled and its generic requirements are checked by a
// scan of every protocol conformance in the binary, once per type — a third of a millisecond of each call (bench/qc.sh).
let front: [SwiftSetting] = strict + [
    .unsafeFlags(["-Xfrontend", "-disable-concrete-type-metadata-mangled-name-accessors"], .when(configuration: .release)),
]

let package = Package(
    name: "Gaffer",
    platforms: [.macOS(.v15)],
    products: [
        // `gaffer` is a small front that answers the per-clip CI commands (qc, decide) itself and hands every other
        // command to `gaffer-full`, beside it: see Sources/gaffer.
        .executable(name: "gaffer", targets: ["gaffer"]),
        .executable(name: "gaffer-full", targets: ["gaffer-full"]),
        .library(name: "GafferContracts", targets: ["GafferContracts"]),
        .library(name: "GafferQC", targets: ["GafferQC"]),
        .library(name: "GafferSupervisor", targets: ["GafferSupervisor"]),
        .library(name: "GafferStore", targets: ["GafferStore"]),
        .library(name: "GafferEngines", targets: ["GafferEngines"]),
        .library(name: "GafferLoop", targets: ["GafferLoop"]),
        .library(name: "GafferServer", targets: ["GafferServer"]),
        .library(name: "GafferPostgres", targets: ["GafferPostgres"]),
        .library(name: "GafferAdvisor", targets: ["GafferAdvisor"]),
        .library(name: "GafferRemoteEngines", targets: ["GafferRemoteEngines"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
        .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", exact: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", exact: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", exact: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", exact: "2.28.1"),
        .package(url: "https://github.com/apple/swift-crypto", exact: "3.12.3"),
        .package(url: "https://github.com/vapor/postgres-nio", exact: "1.33.2"),
        .package(url: "https://github.com/swift-server/async-http-client", exact: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.100.0"),
        .package(url: "https://github.com/hummingbird-project/swift-websocket", exact: "1.6.2"),
    ],
    targets: [
        .target(name: "GafferContracts", swiftSettings: front),
        .target(name: "GafferQC", dependencies: ["GafferContracts"], swiftSettings: front),
        .target(name: "GafferSupervisor", dependencies: ["GafferContracts", "GafferQC"], swiftSettings: front),
        .target(
            name: "GafferStore",
            dependencies: ["GafferContracts", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict
        ),
        // The store on PostgreSQL (SPEC §9): its own module, so only what uses it pays for postgres-nio.
        .target(
            name: "GafferPostgres",
            dependencies: [
                "GafferContracts", "GafferStore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .target(name: "GafferEngines", dependencies: ["GafferContracts", "GafferSupervisor"], swiftSettings: strict),
        .target(
            name: "GafferLoop",
            dependencies: [
                "GafferContracts", "GafferQC", "GafferSupervisor", "GafferEngines", "GafferStore",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "GafferServer",
            dependencies: [
                "GafferContracts", "GafferStore", "GafferLoop",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        // The advisor clients (SPEC §5.4): their own module, so only what asks an advisor pays for the HTTP client.
        .target(
            name: "GafferAdvisor",
            dependencies: [
                "GafferContracts", "GafferSupervisor", "GafferEngines", "GafferLoop",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // The remote engines (SPEC §13.2 ComfyUI, §13.3 hosted job APIs): their own module, so only what talks to a
        // remote engine pays for the HTTP and WebSocket clients.
        .target(
            name: "GafferRemoteEngines",
            dependencies: [
                "GafferContracts", "GafferEngines", "GafferLoop", "GafferStore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "WSClient", package: "swift-websocket"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // Webhook notifications (SPEC §7): their own module, for the HTTP client.
        .target(
            name: "GafferNotify",
            dependencies: [
                "GafferContracts", "GafferStore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        // What both binaries run: the bodies of the commands the front answers, and the terminal and exit codes.
        // FoundationEssentials only, like Contracts, QC and Supervisor, so the front links no more than that.
        .target(name: "GafferCLICore", dependencies: ["GafferContracts", "GafferQC", "GafferSupervisor"], swiftSettings: front),
        .executableTarget(
            name: "gaffer",
            dependencies: ["GafferCLICore", "GafferContracts"],
            exclude: ["exports.map"],
            swiftSettings: front,
            linkerSettings: [
                .unsafeFlags(["-Xlinker", "--version-script=\(Context.packageDirectory)/Sources/gaffer/exports.map"]),
                // The release front is one static executable: no dynamic loader, no relocation of libc and libstdc++,
                // which is half of a short call's start-up here (bench/qc.sh). It needs nothing glibc only loads at run
                // time (no name service, no iconv, no dlopen); gaffer-full, which does, stays dynamic. glibc warns at link
                // time about the name-service calls FoundationEssentials carries (home directories, never called here);
                // gold cannot quiet them, so the front links with bfd and --no-warnings.
                .unsafeFlags(["-static-executable", "-use-ld=bfd", "-Xlinker", "--no-warnings"], .when(platforms: [.linux], configuration: .release)),
            ]
        ),
        .executableTarget(
            name: "gaffer-full",
            dependencies: [
                "GafferCLICore", "GafferContracts", "GafferQC", "GafferSupervisor", "GafferStore", "GafferEngines", "GafferLoop",
                "GafferServer", "GafferPostgres", "GafferAdvisor", "GafferRemoteEngines", "GafferNotify",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict,
            // -static-stdlib links with --export-dynamic, which puts every symbol of every package (56,000) in
            // the dynamic symbol table; the runtime's dladdr lookups then scan it at each start. Nothing loads
            // into either binary, so each exports only main (~1.5 ms of every call).
            linkerSettings: [.unsafeFlags(["-Xlinker", "--version-script=\(Context.packageDirectory)/Sources/gaffer/exports.map"])]
        ),
        .executableTarget(
            name: "GafferBench",
            dependencies: ["GafferContracts", "GafferQC", "GafferSupervisor"],
            path: "Benchmarks/GafferBench",
            swiftSettings: strict
        ),
        .target(
            name: "GafferTestSupport",
            dependencies: ["GafferContracts"],
            path: "Tests/GafferTestSupport",
            swiftSettings: strict
        ),
        .testTarget(
            name: "GafferContractsTests", dependencies: ["GafferContracts", "GafferTestSupport"], swiftSettings: strict),
        .testTarget(
            name: "GafferQCTests", dependencies: ["GafferQC", "GafferTestSupport"], swiftSettings: strict),
        .testTarget(
            name: "GafferSupervisorTests", dependencies: ["GafferSupervisor", "GafferQC", "GafferTestSupport"], swiftSettings: strict),
        .testTarget(
            name: "GafferEnginesTests", dependencies: ["GafferEngines", "GafferQC", "GafferTestSupport"], swiftSettings: strict),
        .testTarget(
            name: "GafferStoreTests", dependencies: ["GafferStore", "GafferPostgres", "GafferTestSupport"], swiftSettings: strict),
        .testTarget(
            name: "GafferStateMachineTests", dependencies: ["GafferContracts"], swiftSettings: strict),
        .testTarget(
            name: "GafferLoopTests", dependencies: ["GafferLoop", "GafferStore", "GafferEngines", "GafferTestSupport"], swiftSettings: strict),
        .testTarget(
            name: "GafferServerTests",
            dependencies: [
                "GafferServer", "GafferTestSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "GafferAdvisorTests",
            dependencies: [
                "GafferAdvisor", "GafferSupervisor", "GafferQC", "GafferLoop", "GafferTestSupport",
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "GafferRemoteEnginesTests",
            dependencies: ["GafferRemoteEngines", "GafferContracts", "GafferLoop", "GafferEngines", "GafferTestSupport"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "GafferNotifyTests",
            dependencies: [
                "GafferNotify", "GafferStore", "GafferContracts", "GafferTestSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "GafferCLITests", dependencies: ["gaffer", "gaffer-full", "GafferCLICore", "GafferContracts", "GafferTestSupport"], swiftSettings: strict),
    ],
    swiftLanguageModes: [.v6]
)
