/// Netstrings (`LENGTH:BYTES,`, LENGTH the decimal count of the UTF-8 BYTES): an unambiguous
/// concatenation of text fields, the canonical form the audit trail and vignette digests hash.
/// Any language reads and writes it in a line of code, so an auditor can check a digest without
/// clinval.
public struct Netstrings {
    /// The bytes written so far.
    public private(set) var bytes: [UInt8] = []

    /// Starts empty.
    public init() {}

    /// Appends one field.
    public mutating func append(_ field: String) {
        let utf8 = Array(field.utf8)
        bytes.append(contentsOf: Array(String(utf8.count).utf8))
        bytes.append(UInt8(ascii: ":"))
        bytes.append(contentsOf: utf8)
        bytes.append(UInt8(ascii: ","))
    }

    /// Appends a list: its count as a field, then each element.
    public mutating func append(list: [String]) {
        append(String(list.count))
        for element in list { append(element) }
    }
}
