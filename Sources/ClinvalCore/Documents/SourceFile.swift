import Foundation

/// A whole input file read into memory, with its SHA-256, after the checks of ``TextInput``.
///
/// Used for YAML banks, models, manifests and policies. JSON Lines banks are streamed with
/// ``LineReader`` instead.
public struct SourceFile: Sendable {
    /// The path as the user named it.
    public let path: String
    /// The file's bytes.
    public let bytes: [UInt8]
    /// SHA-256 over the file's bytes, 64 lowercase hex digits.
    public let sha256: String

    /// Reads and checks a file.
    ///
    /// - Throws: ``DocumentSyntaxError`` if the file is missing, a folder, unreadable, over the size
    ///   limit (checked before reading), or not clean UTF-8 text.
    public static func read(_ path: String, limits: DocumentLimits) throws(DocumentSyntaxError) -> SourceFile {
        let size = try FileAccess.regularFileSize(path)
        if size > limits.maxFileBytes {
            throw DocumentSyntaxError(
                "file is \(size.byteCountDescription), over the \(limits.maxFileBytes.byteCountDescription) limit for this kind of file"
            )
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DocumentSyntaxError("cannot read the file; check its permissions")
        }
        let bytes = [UInt8](data)
        try TextInput.check(bytes, limits: limits)
        return SourceFile(path: path, bytes: bytes, sha256: SHA256.hex(of: bytes))
    }

    /// Checks text held in memory (e.g. a policy stored with a run) as ``read(_:limits:)`` checks a
    /// file's bytes.
    ///
    /// - Parameter path: What diagnostics name it.
    /// - Throws: ``DocumentSyntaxError`` if the bytes are over the size limit or not clean UTF-8 text.
    public static func make(path: String, bytes: [UInt8], limits: DocumentLimits) throws(DocumentSyntaxError) -> SourceFile {
        try TextInput.check(bytes, limits: limits)
        return SourceFile(path: path, bytes: bytes, sha256: SHA256.hex(of: bytes))
    }

    /// Parses the file as JSON.
    public func parseJSON(limits: DocumentLimits) throws(DocumentSyntaxError) -> SourceNode {
        try JSONDocumentParser.parse(bytes, maxDepth: limits.maxDepth)
    }

    /// Parses the file as a single YAML document.
    public func parseYAML(limits: DocumentLimits) throws(DocumentSyntaxError) -> SourceNode {
        try YAMLDocumentParser.parse(bytes, limits: limits)
    }
}
