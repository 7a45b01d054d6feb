import Foundation

/// Writes files into a folder atomically (temporary file in the same folder, then rename).
enum AtomicFiles {
    @discardableResult
    static func write(_ files: [OutputFile], to directory: String) throws(ReportError) -> [String] {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw ReportError("cannot create the output folder \(directory)")
        }
        var written: [String] = []
        for file in files {
            guard !file.name.isEmpty, !file.name.contains("/"), file.name != ".", file.name != ".." else {
                throw ReportError("invalid output file name \(file.name)")
            }
            let target = (directory as NSString).appendingPathComponent(file.name)
            let temporary = (directory as NSString).appendingPathComponent(
                ".\(file.name).tmp-\(getpid())-\(UUID().uuidString.prefix(8))")
            guard FileManager.default.createFile(atPath: temporary, contents: Data(file.contents.utf8)) else {
                throw ReportError("cannot write \(target)")
            }
            guard rename(temporary, target) == 0 else {
                try? FileManager.default.removeItem(atPath: temporary)
                throw ReportError("cannot replace \(target)")
            }
            written.append(target)
        }
        return written
    }
}
