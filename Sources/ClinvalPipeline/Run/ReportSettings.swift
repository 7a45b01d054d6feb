import ClinvalCore
import ClinvalStore
import Foundation

/// Settings kept with a run (`runs.settings_json`) that its outputs show: the model's condition
/// labels and the host that ran it, so `clinval report` can render the same bytes later.
struct ReportSettings: Codable, Hashable {
    var conditionLabels: [String: String]
    var hostname: String?

    func json() -> String? {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The settings stored with a run; none for a run that stored none.
    ///
    /// - Throws: `StoreError` with code `unreadableRecord`, naming the run, when the text does not
    ///   read (the report would otherwise lose the condition labels without a word).
    static func decode(_ json: String?, runID: String) throws -> ReportSettings {
        guard let json else { return ReportSettings(conditionLabels: [:], hostname: nil) }
        do {
            return try JSONDecoder().decode(ReportSettings.self, from: Data(json.utf8))
        } catch {
            throw StoreError(
                .unreadableRecord, "run \(quoted(runID)): \(StoreError.jsonProblem(error, column: "settings_json"))")
        }
    }
}
