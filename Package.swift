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
        .library(name: "LoketTesting", targets: ["LoketTesting"]),
        .executable(name: "loket", targets: ["loket"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        // The CRDT core: pure Swift, no I/O, no package dependencies.
        .target(
            name: "LoketSync",
            swiftSettings: strict
        ),
        // The replica on disk.
        .target(
            name: "LoketStore",
            dependencies: [
                "LoketSync",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // Helpers every test target shares: temporary folders, manual clock, seeded randomness.
        .target(
            name: "LoketTesting",
            dependencies: [
                "LoketSync",
                "LoketStore",
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
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
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
        // Runs the built `loket` binary as a user would: exit codes, stderr, files.
        .testTarget(
            name: "LoketCLITests",
            dependencies: ["LoketSync", "LoketTesting"],
            swiftSettings: strict
        ),
    ],
    swiftLanguageModes: [.v6]
)
