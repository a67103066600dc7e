// swift-tools-version: 6.1
//
// The teacher-rotation planner. Layers, each a module with one job:
//
//   RotationModel        the domain: teachers, schools, subject needs, policy (no solver, no files)
//   OutputFiles          CSV text and output folders written atomically (for data and reports alike; CFileSwap
//                        is its C shim for renameat2's exchange)
//   Spreadsheets         .xlsx workbooks: written through libxlsxwriter (CXLSXWriter), read with ZIPFoundation and
//                        XMLCoder
//   CountyData           reading and validating a county folder; the synthetic county generator
//   IntegerProgramming   a solver-independent integer-programming model and the Solver protocol
//   GLPKBackend          GLPK behind that protocol (CGLPK + the CGLPKGuard C shim)
//   Ledger               the county's exchange history: adopted plans, their moves, where each teacher served
//                        (SQLite through GRDB; one transaction per adopted plan)
//   YearCycle            one year into the next: adopting a plan (next year's county, the ledger) and simulating
//                        several years
//   RotationPlanner      the rule catalogue (Rules/, Objective/) and the planner: policy → integer program →
//                        any solver → plan, with the diagnosis; it takes a solver and knows no solver's name
//   PlanReports          the files a plan is written as: CSV, JSON and the HTML pages (Mustache templates)
//   PolicyWhatIf         scenarios side by side, sweeps, plan differences, "why / why not" questions
//   BureauServer         the bureau's server (`rotation serve`, Hummingbird 2): accounts and roles, the office's year
//                        in pages, principals' pages; its state in SQLite (GRDB); a front end to the modules above
//   rotation             the command-line tool

import PackageDescription

let package = Package(
    name: "TeacherRotation",
    products: [
        .executable(name: "rotation", targets: ["rotation"]),
        .library(name: "RotationPlanner", targets: ["RotationPlanner"]),
        .library(name: "IntegerProgramming", targets: ["IntegerProgramming", "GLPKBackend"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/CoreOffice/XMLCoder", from: "0.18.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.0.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
    ],
    targets: [
        // MARK: GLPK, through C
        .systemLibrary(name: "CGLPK", providers: [.apt(["libglpk-dev"])]),
        .target(name: "CGLPKGuard", dependencies: ["CGLPK"]),

        // MARK: Solver layer
        .target(name: "IntegerProgramming"),
        .target(name: "GLPKBackend", dependencies: ["IntegerProgramming", "CGLPK", "CGLPKGuard"]),

        // MARK: Domain and data
        .target(name: "RotationModel"),
        .target(name: "CFileSwap"),
        .target(name: "OutputFiles", dependencies: ["CFileSwap", .product(name: "CSV", package: "CSV.swift")]),
        // Excel workbooks: written through libxlsxwriter (C), read with a zip and an XML library.
        .systemLibrary(name: "CXLSXWriter", providers: [.apt(["libxlsxwriter-dev"])]),
        .target(name: "Spreadsheets", dependencies: [
            "OutputFiles", "CXLSXWriter",
            .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            .product(name: "XMLCoder", package: "XMLCoder"),
        ]),
        .target(name: "CountyData", dependencies: [
            "RotationModel", "OutputFiles", "Spreadsheets",
            .product(name: "Yams", package: "Yams"),
            .product(name: "CSV", package: "CSV.swift"),
        ]),

        // MARK: The years: the ledger of adopted plans (SQLite through GRDB)
        .target(name: "Ledger", dependencies: [.product(name: "GRDB", package: "GRDB.swift")]),
        .target(name: "YearCycle", dependencies: [
            "RotationModel", "RotationPlanner", "CountyData", "PlanReports", "Ledger", "OutputFiles",
            .product(name: "CSV", package: "CSV.swift"),
        ]),

        // MARK: Planner and reports
        .target(name: "RotationPlanner", dependencies: ["RotationModel", "IntegerProgramming"]),
        .target(name: "PlanReports", dependencies: [
            "RotationModel", "RotationPlanner", "OutputFiles", "Spreadsheets", "CountyData",
            .product(name: "CSV", package: "CSV.swift"),
            .product(name: "Mustache", package: "swift-mustache"),
        ]),

        .target(name: "PolicyWhatIf", dependencies: [
            "RotationModel", "RotationPlanner", "CountyData", "OutputFiles", "PlanReports",
            .product(name: "Yams", package: "Yams"),
            .product(name: "CSV", package: "CSV.swift"),
            .product(name: "Mustache", package: "swift-mustache"),
        ]),

        // MARK: The bureau's server: accounts, the office's year in pages, principals' pages (Hummingbird 2)
        .target(name: "BureauServer", dependencies: [
            "RotationModel", "RotationPlanner", "CountyData", "OutputFiles", "PlanReports", "PolicyWhatIf",
            "IntegerProgramming", "GLPKBackend", "Ledger", "YearCycle",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "Mustache", package: "swift-mustache"),
        ]),

        // MARK: The tool
        .executableTarget(name: "rotation", dependencies: [
            "CountyData", "OutputFiles", "RotationPlanner", "PlanReports", "PolicyWhatIf", "IntegerProgramming", "GLPKBackend",
            "Ledger", "YearCycle", "BureauServer",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        // MARK: Tests
        .testTarget(name: "IntegerProgrammingTests", dependencies: ["IntegerProgramming", "GLPKBackend"]),
        .testTarget(name: "CountyDataTests", dependencies: [
            "CountyData", "RotationModel", "Spreadsheets",
            .product(name: "PropertyBased", package: "swift-property-based"),
            .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        ]),
        .testTarget(name: "BureauServerTests", dependencies: ["BureauServer", "CountyData", "RotationModel"]),
        .testTarget(name: "RotationPlannerTests", dependencies: [
            "RotationPlanner", "CountyData", "OutputFiles", "RotationModel", "PlanReports", "Spreadsheets", "PolicyWhatIf", "IntegerProgramming", "GLPKBackend", "Ledger", "YearCycle",
            .product(name: "PropertyBased", package: "swift-property-based"),
            .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        ]),
    ]
)
