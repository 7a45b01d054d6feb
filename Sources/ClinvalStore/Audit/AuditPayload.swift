import ClinvalCore
import Foundation

/// The details of an audit entry (`audit_log.payload_json`): one JSON object written in a
/// canonical form, so that its text, which the entry's digest covers, depends on its values alone.
///
/// The form is that of Python's `json.dumps(value, sort_keys=True, separators=(",", ":"),
/// ensure_ascii=False)`: keys sorted, no white space, strings escaped only where JSON requires it
/// (`"`, `\`, and the control characters below U+0020), non-ASCII text as is, integers in decimal,
/// other numbers in their shortest round-trip form (`0.1`, `1e-05`), a number that is not finite
/// as `null`. A verifier can therefore parse an exported payload and write it again byte for byte
/// (docs/database.md).
public struct AuditPayload: Sendable, Hashable {
    /// A value of the payload.
    public indirect enum Value: Sendable, Hashable {
        /// Text.
        case string(String)
        /// A whole number.
        case integer(Int64)
        /// Any other number.
        case number(Double)
        /// True or false.
        case bool(Bool)
        /// A list.
        case array([Value])
        /// A nested object.
        case object([String: Value])
        /// No value.
        case null
    }

    /// The members, by key.
    public var members: [String: Value]

    /// A payload with these members.
    public init(_ members: [String: Value] = [:]) {
        self.members = members
    }

    /// The canonical JSON text.
    public var json: String {
        var bytes: [UInt8] = []
        Self.append(.object(members), to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }


    private static func append(_ value: Value, to bytes: inout [UInt8]) {
        switch value {
        case .string(let text): JSONText.appendString(text, to: &bytes, escapingDelete: false)
        case .integer(let number): bytes.append(contentsOf: Array(String(number).utf8))
        case .number(let number):
            bytes.append(contentsOf: Array((number.isFinite ? number.description : "null").utf8))
        case .bool(let flag): bytes.append(contentsOf: Array((flag ? "true" : "false").utf8))
        case .null: bytes.append(contentsOf: Array("null".utf8))
        case .array(let values):
            bytes.append(UInt8(ascii: "["))
            for (offset, element) in values.enumerated() {
                if offset > 0 { bytes.append(UInt8(ascii: ",")) }
                append(element, to: &bytes)
            }
            bytes.append(UInt8(ascii: "]"))
        case .object(let members):
            bytes.append(UInt8(ascii: "{"))
            // Python sorts keys by code point; so does comparing their Unicode scalars.
            let keys = members.keys.sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }
            for (offset, key) in keys.enumerated() {
                if offset > 0 { bytes.append(UInt8(ascii: ",")) }
                JSONText.appendString(key, to: &bytes, escapingDelete: false)
                bytes.append(UInt8(ascii: ":"))
                append(members[key] ?? .null, to: &bytes)
            }
            bytes.append(UInt8(ascii: "}"))
        }
    }
}

extension AuditPayload.Value {
    /// Text, or `null`.
    static func text(_ text: String?) -> Self { text.map(Self.string) ?? .null }
    /// A whole number, or `null`.
    static func int(_ number: Int?) -> Self { number.map { .integer(Int64($0)) } ?? .null }
    /// A number, or `null`.
    static func real(_ number: Double?) -> Self { number.map(Self.number) ?? .null }
    /// A time as the database stores it, or `null`.
    static func time(_ date: Date?) -> Self { date.map { .string(RFC3339Timestamp.format($0)) } ?? .null }
    /// A list of texts.
    static func strings(_ texts: [String]) -> Self { .array(texts.map(Self.string)) }
}
