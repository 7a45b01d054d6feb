import Foundation
import Hummingbird

/// The fields of an `application/x-www-form-urlencoded` form, as the pages' forms send them.
struct FormBody: Sendable {
    /// The largest form read.
    static let limit = 64 * 1024

    private var fields: [String: String] = [:]

    /// Parses encoded text; a field given twice keeps its first value.
    init(encoded text: String) {
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = Self.decode(parts[0]), fields[name] == nil else { continue }
            fields[name] = parts.count > 1 ? Self.decode(parts[1]) ?? "" : ""
        }
    }

    /// Reads a request's form body.
    ///
    /// - Throws: `HTTPError` 415 for another content type, 413 for a body over ``limit``.
    static func read(_ request: Request) async throws -> FormBody {
        let type = request.headers[.contentType]?.lowercased() ?? ""
        guard type.hasPrefix("application/x-www-form-urlencoded") else {
            throw HTTPError(.unsupportedMediaType, message: "Forms are sent as application/x-www-form-urlencoded.")
        }
        let buffer = try await request.body.collect(upTo: limit)
        return FormBody(encoded: String(buffer: buffer))
    }

    /// A field's value.
    subscript(_ name: String) -> String? { fields[name] }

    private static func decode(_ text: Substring) -> String? {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }
}
