import ClinvalCore
import Foundation

/// An input file found on the command line or in a folder, with its kind.
public struct DiscoveredInput: Sendable, Hashable {
    /// The path, as named by the user or joined to the folder the user named.
    public var path: String
    /// What the file is, or `nil` for a YAML file whose format key was not found (the loader then
    /// parses it to say why: a syntax error, an empty file, or no format key).
    public var kind: InputKind?
}

/// Finds input files and tells what each one is, without loading it.
///
/// Folders are searched recursively for `.yaml`, `.yml`, `.json` and `.jsonl` files (hidden files
/// and folders are skipped), in a stable, sorted order. The kind comes from the extension and,
/// for YAML, from the top-level key that each format starts with: `casebank:` for a bank,
/// `gate:` for a policy and `model:` for an external model manifest.
public enum InputDiscovery {
    /// Expands `paths` into input files with their kinds.
    ///
    /// - Parameter diagnostics: receives an error for each path that does not exist, each file of
    ///   an unsupported type, and each folder with no input file in it (an empty folder, a folder
    ///   named like a file, a folder of other files): a mistyped path must not pass as "nothing
    ///   wrong".
    /// - Returns: the inputs, and how many files were examined (including unsupported ones).
    public static func discover(
        _ paths: [String], diagnostics: inout DiagnosticList
    ) -> (inputs: [DiscoveredInput], filesExamined: Int) {
        var inputs: [DiscoveredInput] = []
        var seen: Set<String> = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                diagnostics.error("no such file or folder; check the path", at: InputLocation(file: path))
                continue
            }
            let files: [String]
            if isDirectory.boolValue {
                files = filesInFolder(path)
                if files.isEmpty {
                    diagnostics.error(
                        "nothing to check: no bank, model or policy files (.yaml, .yml, .json, .jsonl) in this folder; check the path",
                        at: InputLocation(file: path))
                }
            } else {
                files = [path]
            }
            for file in files where seen.insert(file).inserted {
                let ext = (file as NSString).pathExtension.lowercased()
                guard InputKind.extensions.contains(ext) else {
                    diagnostics.error(
                        "unsupported file type; clinval reads .yaml, .yml, .json and .jsonl files",
                        at: InputLocation(file: file))
                    continue
                }
                inputs.append(DiscoveredInput(path: file, kind: kind(of: file)))
            }
        }
        return (inputs, seen.count)
    }

    /// The files under a folder that clinval could read, sorted, skipping hidden entries.
    public static func filesInFolder(_ folder: String) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: folder) else { return [] }
        var files: [String] = []
        while let relative = enumerator.nextObject() as? String {
            let name = (relative as NSString).lastPathComponent
            if name.hasPrefix(".") {
                enumerator.skipDescendants()
                continue
            }
            let ext = (name as NSString).pathExtension.lowercased()
            guard InputKind.extensions.contains(ext) else { continue }
            let full = folder.hasSuffix("/") ? folder + relative : folder + "/" + relative
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue {
                files.append(full)
            }
        }
        return files.sorted()
    }

    /// The kind of a file with a supported extension, or `nil` for YAML without a format key.
    public static func kind(of path: String) -> InputKind? {
        switch (path as NSString).pathExtension.lowercased() {
        case "jsonl":
            return .casebank
        case "json":
            return .noisyORModel
        default:
            return formatKey(in: path)
        }
    }

    /// Scans the top-level keys of a block-style YAML file for the key that names its format.
    private static func formatKey(in path: String) -> InputKind? {
        guard let size = try? FileAccess.regularFileSize(path),
            size <= DocumentLimits.casebank.maxFileBytes,
            let data = FileManager.default.contents(atPath: path)
        else { return nil }
        let bytes = [UInt8](data)
        if (try? TextInput.check(bytes, limits: .casebank)) == nil { return nil }
        let text = String(decoding: bytes, as: UTF8.self)
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            guard let first = line.first, first != " ", first != "\t", first != "#", first != "-" else { continue }
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = line[..<colon].trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
            switch key {
            case "casebank": return .casebank
            case "gate": return .policy
            case "model": return .modelManifest
            default: continue
            }
        }
        return nil
    }
}
