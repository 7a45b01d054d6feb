import ClinvalCore
import GRDB

/// Inserts differential rows several at a time: one multi-row `INSERT` per group of up to
/// ``maximumRows`` entries of a result, which halves the per-row cost of SQLite's statement
/// machinery against one `INSERT` per row.
///
/// The run id, bank id and vignette id are bound once per statement (`?1`, `?2`, `?3` are reused
/// by every row of the `VALUES` list). Statements for each group size are prepared on first use
/// and reused for the whole batch.
struct DifferentialInserter {
    /// The most rows one statement inserts.
    static let maximumRows = 16

    private let db: Database
    private let runID: String
    private var statements: [BulkStatement?] = Array(repeating: nil, count: maximumRows + 1)

    init(_ db: Database, runID: String) {
        self.db = db
        self.runID = runID
    }

    /// Inserts the entries of one result, ranked (rank 1 first): an entry's rank is its position.
    ///
    /// - Throws: `DatabaseError`.
    mutating func insert(_ entries: [RankedCondition], casebankID: String, vignetteID: String) throws {
        var start = entries.startIndex
        while start < entries.endIndex {
            let count = min(Self.maximumRows, entries.endIndex - start)
            let statement = try self.statement(rows: count)
            statement.bind(2, casebankID)
            statement.bind(3, vignetteID)
            for (row, entry) in entries[start..<(start + count)].enumerated() {
                let first = Int32(4 + 3 * row)
                statement.bind(first, start + row + 1)
                statement.bind(first + 1, entry.condition)
                statement.bind(first + 2, entry.probability)
            }
            try statement.step(db)
            start += count
        }
    }

    private mutating func statement(rows: Int) throws -> BulkStatement {
        if let statement = statements[rows] { return statement }
        let values = (0..<rows).map { row in
            let first = 4 + 3 * row
            return "(?1, ?2, ?3, ?\(first), ?\(first + 1), ?\(first + 2))"
        }
        let statement = try BulkStatement(
            db,
            sql: "INSERT INTO differentials (run_id, casebank_id, vignette_id, rank, condition_id, probability) VALUES "
                + values.joined(separator: ", "))
        statement.bind(1, runID)
        statements[rows] = statement
        return statement
    }
}
