import Foundation

/// File-system checks with messages for users.
public enum FileAccess {
    /// The size of a regular file.
    ///
    /// - Throws: ``DocumentSyntaxError`` if the path does not exist, is a folder, or is not a
    ///   regular file.
    public static func regularFileSize(_ path: String) throws(DocumentSyntaxError) -> Int {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw DocumentSyntaxError("no such file; check the path")
        }
        if isDirectory.boolValue {
            throw DocumentSyntaxError("is a folder, not a file")
        }
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
            let size = (attributes[.size] as? NSNumber)?.intValue
        else {
            throw DocumentSyntaxError("cannot read the file; check its permissions")
        }
        if let type = attributes[.type] as? FileAttributeType, type != .typeRegular {
            throw DocumentSyntaxError("is not a regular file")
        }
        return size
    }
}
