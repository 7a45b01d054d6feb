import Foundation

/// Paths inside this package's checkout, for tests that read shipped files and fixtures.
public enum PackagePaths {
    /// The package root (the folder holding `Package.swift`).
    public static let root: String = {
        // This file is Tests/_ClinvalTestSupport/PackagePaths.swift.
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// A path relative to the package root.
    public static func path(_ relative: String) -> String {
        (root as NSString).appendingPathComponent(relative)
    }

    /// A file under `Tests/Fixtures/`.
    public static func fixture(_ relative: String) -> String {
        path("Tests/Fixtures/" + relative)
    }

    /// The folder of the vendored schemas that outputs are validated against.
    public static let schemasFolder = "Tests/Fixtures/schemas"

    /// A schema vendored under `Tests/Fixtures/schemas/` (sources and licences in its
    /// `SOURCE.md`), such as `windyroad-JUnit.xsd`.
    public static func schema(_ name: String) -> String {
        path(schemasFolder + "/" + name)
    }
}
