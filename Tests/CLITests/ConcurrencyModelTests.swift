import Foundation
import Testing
import _ClinvalTestSupport

/// The sources keep to the one concurrency model of docs/architecture.md: structured concurrency
/// and `Mutex`, no Dispatch, no `NSLock`, no `@unchecked Sendable`, and one thread, the `poll(2)`
/// loop of the process adapter.
@Suite struct ConcurrencyModelTests {
    /// The one file that may start a thread.
    static let threadFile = "ClinvalAdapters/Process/WorkerIOLoop.swift"

    /// What the model rules out, each with what it is called in a failure.
    static let forbidden: [(pattern: String, name: String)] = [
        (#"\bimport\s+Dispatch\b"#, "a Dispatch import"),
        (#"\bDispatch[A-Z]\w*"#, "a Dispatch call or type"),
        (#"\bNS(Recursive)?Lock\b|\bNSCondition(Lock)?\b"#, "an NSLock"),
        (#"@unchecked\s+Sendable"#, "an @unchecked Sendable"),
        (#"\bpthread_create\b"#, "a thread"),
    ]

    /// `Thread` as a Foundation thread (not as part of a longer name).
    static let thread = #"\bThread\b"#

    /// Each line of `text` without its `//` comment (doc comments may name what is ruled out).
    static func code(_ text: String) -> [(number: Int, line: String)] {
        text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map { index, line in
            let code = line.range(of: "//").map { String(line[..<$0.lowerBound]) } ?? String(line)
            return (index + 1, code)
        }
    }

    /// The places in `text` that break the model, for a file at `path` under `Sources/`.
    static func violations(in text: String, path: String) throws -> [String] {
        // Simple word boundaries: by default `Thread.sleep` is one word.
        var rules = try forbidden.map { (try Regex($0.pattern).wordBoundaryKind(.simple), $0.name) }
        if path != threadFile { rules.append((try Regex(thread).wordBoundaryKind(.simple), "a Thread")) }
        var found: [String] = []
        for (number, line) in code(text) {
            for (regex, name) in rules where line.contains(regex) {
                found.append("\(path):\(number): \(name)")
            }
        }
        return found
    }

    @Test func theSourcesUseOnlyTheOneConcurrencyModel() throws {
        let folder = PackagePaths.path("Sources")
        let files = try FileManager.default.subpathsOfDirectory(atPath: folder).filter { $0.hasSuffix(".swift") }
        #expect(files.count > 100)
        var found: [String] = []
        for file in files.sorted() {
            let text = try String(contentsOfFile: folder + "/" + file, encoding: .utf8)
            found += try Self.violations(in: text, path: file)
        }
        #expect(found == [])
    }

    @Test func theScanFindsEachForbiddenUse() throws {
        let samples = [
            "import Dispatch",
            "DispatchQueue.concurrentPerform(iterations: 2) { _ in }",
            "let lock = NSLock()",
            "final class Box: @unchecked Sendable {}",
            "Thread.sleep(forTimeInterval: 0.01)",
            "let thread = Thread { run() }",
        ]
        for sample in samples {
            #expect(try Self.violations(in: sample, path: "ClinvalCore/Sample.swift").count == 1, "\(sample)")
        }
        // The I/O loop may start its thread; comments and longer names are not code.
        #expect(try Self.violations(in: "let thread = Thread { run() }", path: Self.threadFile).isEmpty)
        #expect(try Self.violations(in: "/// Not a Dispatch queue, not an NSLock.", path: "A.swift").isEmpty)
        #expect(try Self.violations(in: "let io = WorkerThread()", path: "A.swift").isEmpty)
        #expect(try Self.violations(in: "import Synchronization", path: "A.swift").isEmpty)
    }
}
