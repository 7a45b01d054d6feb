import Foundation
import Testing
import _ClinvalTestSupport

/// The layout docs/architecture.md promises a new engineer: no source file does everything, and
/// the tests mirror the source tree.
@Suite struct SourceLayoutTests {
    /// The longest a source file may be.
    static let lineLimit = 400

    /// Every Swift file under `Sources/`, relative to the package root.
    static func sourceFiles() throws -> [String] {
        let root = PackagePaths.path("Sources")
        guard let walker = FileManager.default.enumerator(atPath: root) else {
            throw CocoaError(.fileReadNoSuchFile)
        }
        return walker.compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") }.sorted().map { "Sources/" + $0 }
    }

    @Test func noSourceFileIsLongerThanTheLimit() throws {
        let files = try Self.sourceFiles()
        #expect(files.count > 100, "the walk found too few source files: \(files.count)")
        var tooLong: [String] = []
        for file in files {
            let text = try String(contentsOfFile: PackagePaths.path(file), encoding: .utf8)
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).count - (text.hasSuffix("\n") ? 1 : 0)
            if lines > Self.lineLimit { tooLong.append("\(file): \(lines) lines") }
        }
        #expect(tooLong.isEmpty, "source files over \(Self.lineLimit) lines; split them by responsibility:\n\(tooLong.joined(separator: "\n"))")
    }

    @Test func everyLibraryModuleHasATestTargetOfTheSameName() throws {
        let modules = try FileManager.default.contentsOfDirectory(atPath: PackagePaths.path("Sources"))
            .filter { $0.hasPrefix("Clinval") }.sorted()
        #expect(modules.count >= 10, "expected the pipeline's modules under Sources/, found \(modules)")
        let tests = Set(try FileManager.default.contentsOfDirectory(atPath: PackagePaths.path("Tests")))
        let missing = modules.filter { !tests.contains($0 + "Tests") }
        #expect(missing.isEmpty, "modules without a mirroring test target under Tests/: \(missing)")
    }

    @Test func testFoldersMirrorSourceFolders() throws {
        // A test file's folder inside its target names a folder of the module it tests, so a
        // reader finds the tests of Sources/M/F/x.swift under Tests/MTests/F/. A `Support`
        // folder holds a target's own test helpers.
        let tests = PackagePaths.path("Tests")
        var strays: [String] = []
        for target in try FileManager.default.contentsOfDirectory(atPath: tests) where target.hasPrefix("Clinval") && target.hasSuffix("Tests") {
            let module = String(target.dropLast("Tests".count))
            guard let walker = FileManager.default.enumerator(atPath: tests + "/" + target) else { continue }
            for case let file as String in walker where file.hasSuffix(".swift") {
                let folder = (file as NSString).deletingLastPathComponent
                guard !folder.isEmpty, folder.split(separator: "/").first != "Support" else { continue }
                var isFolder: ObjCBool = false
                let source = PackagePaths.path("Sources/\(module)/\(folder)")
                if !FileManager.default.fileExists(atPath: source, isDirectory: &isFolder) || !isFolder.boolValue {
                    strays.append("Tests/\(target)/\(file)")
                }
            }
        }
        #expect(strays.isEmpty, "test files in folders that no source folder matches:\n\(strays.joined(separator: "\n"))")
    }
}
