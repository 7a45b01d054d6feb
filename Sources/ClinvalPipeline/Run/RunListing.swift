import ClinvalCore
import ClinvalStore
import Foundation

/// `clinval runs`: the runs of a database as an aligned text table, newest first.
public enum RunListing {
    /// The table's lines (a header, then one line per run), or a single line saying there are none.
    ///
    /// - Throws: ``RunFailure`` if the database does not exist or cannot be read.
    public static func lines(database: String, environment: PipelineEnvironment = .production) throws -> [String] {
        guard FileManager.default.fileExists(atPath: database) else {
            throw RunFailure(.invalidInput, "No database at \(database); check --db.")
        }
        let runs: [RunListEntry]
        do {
            runs = try environment.store(at: database).runs()
        } catch {
            throw RunFailure(.runtime, "Cannot read the database \(database): \(error)")
        }
        guard !runs.isEmpty else { return ["no runs in \(database)"] }
        let rows = runs.sorted { $0.startedAt > $1.startedAt }.map { run in
            [
                run.runID, RFC3339Timestamp.format(run.startedAt), "\(run.modelName) \(run.modelVersion)",
                run.casebanks.joined(separator: ","),
                run.status.rawValue + (run.shard.map { " (shard \($0))" } ?? ""), run.verdict?.rawValue ?? "-",
            ]
        }
        let header = ["RUN", "STARTED", "MODEL", "BANKS", "STATUS", "VERDICT"]
        let widths = (0..<header.count).map { column in
            ([header] + rows).map { $0[column].count }.max() ?? 0
        }
        return ([header] + rows).map { row in
            row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[index] - cell.count)
            }.joined(separator: "  ")
        }
    }
}
