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

    /// The read-only `shared/` folder laid beside the checkout (contract, schemas, source data).
    public static func shared(_ relative: String) -> String {
        ((root as NSString).deletingLastPathComponent as NSString).appendingPathComponent("shared/" + relative)
    }
}
