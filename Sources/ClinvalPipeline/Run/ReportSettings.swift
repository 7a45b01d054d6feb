import ClinvalCore
import ClinvalStore
import Foundation

/// Settings kept with a run (`runs.settings_json`) that its outputs show: the model's condition and
/// finding labels and the host that ran it, so `clinval report` can render the same bytes later.
struct ReportSettings: Codable, Hashable {
    /// Condition code → label, where the model gives labels.
    var conditionLabels: [String: String]
    /// Finding code → label, where the model gives labels; empty for a run stored before finding
    /// labels were kept (its case cards then name findings by code).
    var findingLabels: [String: String]
    var hostname: String?

    init(conditionLabels: [String: String], findingLabels: [String: String] = [:], hostname: String?) {
        self.conditionLabels = conditionLabels
        self.findingLabels = findingLabels
        self.hostname = hostname
    }

    private enum CodingKeys: String, CodingKey {
        case conditionLabels, findingLabels, hostname
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        conditionLabels = try container.decode([String: String].self, forKey: .conditionLabels)
        findingLabels = try container.decodeIfPresent([String: String].self, forKey: .findingLabels) ?? [:]
        hostname = try container.decodeIfPresent(String.self, forKey: .hostname)
    }

    func json() -> String? {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The settings stored with a run; none for a run that stored none.
    ///
    /// - Throws: `StoreError` with code `unreadableRecord`, naming the run, when the text does not
    ///   read (the report would otherwise lose the labels without a word).
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
