import ClinvalCore

/// A JSON value whose objects keep their keys in the order given, printed with 2-space
/// indentation: the building block of files whose bytes must not change between runs.
enum OrderedJSON: Sendable {
    /// An object; keys in this order.
    case object([(String, OrderedJSON)])
    /// An array.
    case array([OrderedJSON])
    /// A string.
    case string(String)
    /// A whole number.
    case integer(Int)
    /// A number, printed as Swift's shortest round-trip text; not finite prints `null`.
    case number(Double)
    /// `true` or `false`.
    case bool(Bool)
    /// `null`.
    case null

    /// A string, or `null`.
    static func string(_ text: String?) -> OrderedJSON {
        text.map { .string($0) } ?? .null
    }

    /// A number, or `null`; a whole number prints without `.0` when `whole` is true.
    static func number(_ value: Double?, whole: Bool) -> OrderedJSON {
        guard let value, value.isFinite else { return .null }
        // Integers are exact up to 2^53.
        if whole, value.rounded() == value, value.magnitude <= 9_007_199_254_740_992 {
            return .integer(Int(value))
        }
        return .number(value)
    }

    /// An integer, or `null`.
    static func integer(_ value: Int?) -> OrderedJSON {
        value.map { .integer($0) } ?? .null
    }

    /// The pretty-printed text, ending with a newline.
    var text: String {
        var bytes: [UInt8] = []
        write(to: &bytes, indent: 0)
        bytes.append(UInt8(ascii: "\n"))
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The text without any whitespace between tokens and no final newline, for digests.
    var compactBytes: [UInt8] {
        var bytes: [UInt8] = []
        writeCompact(to: &bytes)
        return bytes
    }

    private func writeCompact(to bytes: inout [UInt8]) {
        switch self {
        case .object(let members):
            bytes.append(UInt8(ascii: "{"))
            for (offset, (key, value)) in members.enumerated() {
                if offset > 0 { bytes.append(UInt8(ascii: ",")) }
                JSONText.appendString(key, to: &bytes)
                bytes.append(UInt8(ascii: ":"))
                value.writeCompact(to: &bytes)
            }
            bytes.append(UInt8(ascii: "}"))
        case .array(let elements):
            bytes.append(UInt8(ascii: "["))
            for (offset, element) in elements.enumerated() {
                if offset > 0 { bytes.append(UInt8(ascii: ",")) }
                element.writeCompact(to: &bytes)
            }
            bytes.append(UInt8(ascii: "]"))
        default:
            write(to: &bytes, indent: 0)
        }
    }

    private func write(to bytes: inout [UInt8], indent: Int) {
        switch self {
        case .object(let members):
            guard !members.isEmpty else { return bytes.append(contentsOf: Array("{}".utf8)) }
            bytes.append(UInt8(ascii: "{"))
            for (offset, (key, value)) in members.enumerated() {
                bytes.append(contentsOf: Array((offset == 0 ? "\n" : ",\n").utf8))
                bytes.append(contentsOf: [UInt8](repeating: UInt8(ascii: " "), count: indent + 2))
                JSONText.appendString(key, to: &bytes)
                bytes.append(contentsOf: Array(": ".utf8))
                value.write(to: &bytes, indent: indent + 2)
            }
            bytes.append(UInt8(ascii: "\n"))
            bytes.append(contentsOf: [UInt8](repeating: UInt8(ascii: " "), count: indent))
            bytes.append(UInt8(ascii: "}"))
        case .array(let elements):
            guard !elements.isEmpty else { return bytes.append(contentsOf: Array("[]".utf8)) }
            bytes.append(UInt8(ascii: "["))
            for (offset, element) in elements.enumerated() {
                bytes.append(contentsOf: Array((offset == 0 ? "\n" : ",\n").utf8))
                bytes.append(contentsOf: [UInt8](repeating: UInt8(ascii: " "), count: indent + 2))
                element.write(to: &bytes, indent: indent + 2)
            }
            bytes.append(UInt8(ascii: "\n"))
            bytes.append(contentsOf: [UInt8](repeating: UInt8(ascii: " "), count: indent))
            bytes.append(UInt8(ascii: "]"))
        case .string(let text):
            JSONText.appendString(text, to: &bytes)
        case .integer(let value):
            bytes.append(contentsOf: Array(String(value).utf8))
        case .number(let value):
            bytes.append(contentsOf: Array((value.isFinite ? value.description : "null").utf8))
        case .bool(let value):
            bytes.append(contentsOf: Array((value ? "true" : "false").utf8))
        case .null:
            bytes.append(contentsOf: Array("null".utf8))
        }
    }
}
