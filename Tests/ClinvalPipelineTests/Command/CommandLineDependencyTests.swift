import Foundation
import Testing
import _ClinvalTestSupport

/// The command-line tool imports only the pipeline and the review server (plus the argument parser, logging and
/// Foundation), as Package.swift declares.
@Suite struct CommandLineDependencyTests {
    @Test func theCommandLineImportsOnlyThePipeline() throws {
        let allowed: Set<String> = ["ArgumentParser", "ClinvalPipeline", "ClinvalServer", "Foundation", "Logging"]
        let folder = PackagePaths.path("Sources/clinval")
        let files = try FileManager.default.subpathsOfDirectory(atPath: folder).filter { $0.hasSuffix(".swift") }
        #expect(!files.isEmpty)
        for file in files {
            let text = try String(contentsOfFile: folder + "/" + file, encoding: .utf8)
            for line in text.split(separator: "\n") where line.hasPrefix("import ") || line.contains(" import ") {
                let words = line.split(separator: " ")
                guard let index = words.firstIndex(of: "import"), index + 1 < words.count,
                    words[..<index].allSatisfy({ $0.hasPrefix("@") || $0 == "public" || $0 == "internal" })
                else { continue }
                let module = String(words[index + 1])
                #expect(allowed.contains(module), "\(file) imports \(module)")
            }
        }
    }
}
