import Foundation

/// Run ids (the provenance recorded with a run comes from ``PipelineEnvironment``).
enum RunIdentifier {
    /// A new run id: `<UTC date>T<time>Z-<model name>-<4 hex digits>`, sortable by start time and
    /// unique enough for one database (`20261129T120102Z-ddxplus-noisy-or-3fa2`).
    static func make(modelName: String, date: Date = Date()) -> String {
        let calendar = Calendar(identifier: .gregorian)
        var utc = calendar
        utc.timeZone = TimeZone(identifier: "UTC") ?? .current
        let parts = utc.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ value: Int?) -> String {
            let value = value ?? 0
            return value < 10 ? "0\(value)" : "\(value)"
        }
        let stamp = "\(parts.year ?? 0)\(two(parts.month))\(two(parts.day))T\(two(parts.hour))\(two(parts.minute))\(two(parts.second))Z"
        let suffix = String(UInt16.random(in: 0...UInt16.max), radix: 16)
        return "\(stamp)-\(modelName)-\(String(repeating: "0", count: 4 - suffix.count))\(suffix)"
    }
}
