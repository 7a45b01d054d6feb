import ClinvalCasebanks
import ClinvalCore
import Foundation
import Testing

/// A correction of vignette `id` of the bank `text` (named `file`), naming the digest of its
/// content as it reads there.
func correction(
    of id: String, in text: String, file: String = "bank.yaml", _ conclusion: AdjudicationConclusion,
    diagnosis: String? = nil, alsoCorrect: [String] = [], triage: TriageRange? = nil
) throws -> Adjudication {
    var diagnostics = DiagnosticList()
    let bank = try #require(CasebankLoader.load(file, bytes: Array(text.utf8), diagnostics: &diagnostics))
    let vignette = try #require(bank.vignettes.first { $0.id == id })
    return Adjudication(
        vignette: VignetteKey(casebankID: bank.id, vignetteID: id),
        vignetteDigest: vignette.content(casebankID: bank.id).sha256, runID: "run-1", conclusion: conclusion,
        diagnosis: diagnosis, alsoCorrect: alsoCorrect, triage: triage, reviewer: "Dr Test",
        createdAt: Date(timeIntervalSince1970: 1_767_323_045))
}

/// The next version of the bank `text` as text.
func revised(
    _ text: String, file: String = "bank.yaml", _ corrections: [Adjudication], version: String = "2026.12"
) throws -> String {
    let revision = try CasebankRevision.make(
        from: Array(text.utf8), file: file, corrections: corrections, version: version)
    return String(decoding: revision.bytes, as: UTF8.self)
}

/// The error `body` throws, if it is a ``CasebankRevisionError``.
func revisionError(_ body: () throws -> Void) -> CasebankRevisionError? {
    do {
        try body()
        return nil
    } catch let error as CasebankRevisionError {
        return error
    } catch {
        return nil
    }
}

/// The 1-based numbers of the lines that differ between two texts of as many lines, or `nil`
/// when their line counts differ.
func differingLines(_ before: String, _ after: String) -> [Int]? {
    let old = before.split(separator: "\n", omittingEmptySubsequences: false)
    let new = after.split(separator: "\n", omittingEmptySubsequences: false)
    guard old.count == new.count else { return nil }
    return zip(old, new).enumerated().compactMap { $1.0 == $1.1 ? nil : $0 + 1 }
}
