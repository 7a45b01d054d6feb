import ClinvalCore
import Foundation

/// How a model's identity hash is made (docs/model-format.md).
extension ModelIdentity {
    /// The identity hash of a manifest: SHA-256 over `manifestBytes` followed by the bytes of
    /// each entry of `command` that names an existing regular file, in argv order.
    ///
    /// A relative entry is taken relative to `folder` (the manifest's folder, where the model's
    /// processes start); an absolute one as it is. Symbolic links are followed. Entries that name
    /// nothing, a folder or another kind of file add nothing.
    ///
    /// - Complexity: reads each named file once, in 1 MiB chunks.
    /// - Returns: the hex digest and the entries whose files were hashed.
    /// - Throws: ``DocumentSyntaxError`` (no line) if a named regular file cannot be read.
    public static func manifestSHA256(
        manifestBytes: [UInt8], command: [String], folder: String
    ) throws(DocumentSyntaxError) -> (sha256: String, hashedFiles: [String]) {
        let hasher = SHA256()
        hasher.update(manifestBytes)
        var hashed: [String] = []
        for entry in command where !entry.isEmpty {
            let path = resolve(entry, in: folder)
            guard isRegularFile(path) else { continue }
            guard let handle = FileHandle(forReadingAtPath: path) else {
                throw DocumentSyntaxError("cannot read \(quoted(entry)), named in the command, to compute the model's identity")
            }
            defer { try? handle.close() }
            do {
                while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
                    hasher.update([UInt8](chunk))
                }
            } catch {
                throw DocumentSyntaxError("cannot read \(quoted(entry)), named in the command, to compute the model's identity")
            }
            hashed.append(entry)
        }
        return (hasher.finalizeHex(), hashed)
    }

    /// `entry` resolved against `folder` (unchanged if absolute).
    static func resolve(_ entry: String, in folder: String) -> String {
        entry.hasPrefix("/") ? entry : (folder as NSString).appendingPathComponent(entry)
    }

    /// Whether `path` is a regular file, following symbolic links.
    static func isRegularFile(_ path: String) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0 else { return false }
        return (info.st_mode & S_IFMT) == S_IFREG
    }
}
