// swift-tools-version: 6.1
// Loket: an offline-first sync engine and kiosk runtime for public terminals.
// The layout follows ../shared/DESIGN.md: LoketSync ← LoketStore ← the rest; `loket` on top.

import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "Loket",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "LoketSync", targets: ["LoketSync"]),
        .library(name: "LoketStore", targets: ["LoketStore"]),
        .library(name: "LoketProtocol", targets: ["LoketProtocol"]),
        .library(name: "LoketSyncClient", targets: ["LoketSyncClient"]),
        .library(name: "LoketHub", targets: ["LoketHub"]),
        .library(name: "LoketKiosk", targets: ["LoketKiosk"]),
        .library(name: "LoketPeripherals", targets: ["LoketPeripherals"]),
        .library(name: "LoketLending", targets: ["LoketLending"]),
        .library(name: "LoketTesting", targets: ["LoketTesting"]),
        .executable(name: "loket", targets: ["loket"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        // The CRDT core: pure Swift, no I/O, no package dependencies.
        .target(
            name: "LoketSync",
            swiftSettings: strict
        ),
        // The replica on disk, the audit chains, the process's metrics.
        .target(
            name: "LoketStore",
            dependencies: [
                "LoketSync",
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: strict
        ),
        // The wire between terminal and hub: signed requests, message bodies, header names.
        .target(
            name: "LoketProtocol",
            dependencies: [
                "LoketSync",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),
        // The terminal's sync loop: push the outbox, pull what is new, back off, report.
        .target(
            name: "LoketSyncClient",
            dependencies: [
                "LoketSync", "LoketStore", "LoketProtocol",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        // The central service: HTTP API for enrolment and sync, on SQLite or PostgreSQL.
        .target(
            name: "LoketHub",
            dependencies: [
                "LoketKiosk", "LoketLending",
                "LoketSync", "LoketStore", "LoketProtocol",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            resources: [.copy("Resources/openapi.yaml"), .copy("Resources/Console")],
            swiftSettings: strict
        ),
        // The lending desk: devices, loans, returns, wipes, reservations, conflicts.
        .target(
            name: "LoketLending",
            dependencies: [
                "LoketSync", "LoketStore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        // Helpers every test target shares: temporary folders, manual clock, seeded randomness.
        .target(
            name: "LoketTesting",
            dependencies: [
                "LoketSync",
                "LoketStore",
                "LoketSyncClient",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // The one command-line tool. Thin: logic lives in the libraries.
        .executableTarget(
            name: "loket",
            dependencies: [
                "LoketSync",
                "LoketStore",
                "LoketProtocol",
                "LoketSyncClient",
                "LoketHub",
                "LoketKiosk",
                "LoketLending",
                "LoketPeripherals",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        // The terminal runtime: kiosk profiles (validated, signed, verified), and later sessions.
        .target(
            name: "LoketKiosk",
            dependencies: [
                "LoketSync", "LoketStore", "LoketProtocol", "LoketPeripherals", "LoketLending",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Yams", package: "Yams"),
            ],
            resources: [.copy("Resources/Screen")],
            swiftSettings: strict
        ),
        // libudev (Debian: libudev-dev): device enumeration and hot-plug.
        .systemLibrary(
            name: "CUdev",
            pkgConfig: "libudev",
            providers: [.apt(["libudev-dev"])]
        ),
        // libcups (Debian: libcups2-dev): printing through CUPS and IPP. No pkg-config file:
        // the module map links cups.
        .systemLibrary(
            name: "CCups",
            providers: [.apt(["libcups2-dev"])]
        ),
        // pcsc-lite (Debian: libpcsclite-dev): card readers through pcscd. Its pkg-config
        // file gives -I/usr/include/PCSC, which its headers need, and -pthread, which
        // SwiftPM leaves out with a "prohibited flag" note (Swift links threads anyway).
        .systemLibrary(
            name: "CPCSCLite",
            pkgConfig: "libpcsclite",
            providers: [.apt(["libpcsclite-dev"])]
        ),
        // The terminal's devices: the hardware catalog, udev discovery and hot-plug, alerts,
        // card readers over PC/SC.
        .target(
            name: "LoketPeripherals",
            dependencies: [
                "CUdev", "CPCSCLite", "CCups", "LoketSync", "LoketStore",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Yams", package: "Yams"),
            ],
            resources: [.copy("Resources/catalog.yaml")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "LoketPeripheralsTests",
            dependencies: [
                "LoketPeripherals", "LoketStore", "LoketSync", "LoketSyncClient", "LoketTesting",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "LoketLendingTests",
            dependencies: [
                "LoketLending", "LoketSync", "LoketStore", "LoketTesting",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "LoketSyncTests",
            dependencies: ["LoketSync", "LoketTesting"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "LoketStoreTests",
            dependencies: [
                "LoketSync", "LoketStore", "LoketTesting",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "LoketHubTests",
            dependencies: [
                "LoketSync", "LoketStore", "LoketProtocol", "LoketSyncClient", "LoketHub", "LoketTesting", "LoketKiosk",
                "LoketLending",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "LoketKioskTests",
            dependencies: [
                "LoketSync", "LoketStore", "LoketProtocol", "LoketKiosk", "LoketPeripherals", "LoketLending",
                "LoketSyncClient", "LoketTesting",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        // Runs the built `loket` binary as a user would: exit codes, stderr, files.
        .testTarget(
            name: "LoketCLITests",
            dependencies: ["LoketSync", "LoketSyncClient", "LoketTesting"],
            swiftSettings: strict
        ),
    ],
    swiftLanguageModes: [.v6]
)
