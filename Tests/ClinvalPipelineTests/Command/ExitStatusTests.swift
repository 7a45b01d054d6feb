import ClinvalCore
import ClinvalGate
import ClinvalRunner
import ClinvalStore
import Foundation
import Testing

@testable import ClinvalPipeline

/// The pipeline's, not Swift Testing's (of exit tests).
typealias ExitStatus = ClinvalPipeline.ExitStatus

/// The one mapping of outcomes and errors to exit codes (docs/command-line.md, Exit codes).
@Suite struct ExitStatusTests {
    struct Unexpected: Error {}

    static func invalidInput() -> InvalidInputError {
        var diagnostics = DiagnosticList()
        diagnostics.error("is not a vignette bank", at: InputLocation(file: "x.yaml", line: 1, column: 1))
        return InvalidInputError(diagnostics)
    }

    @Test func theCodesAreThoseOfTheCommandLineDocument() {
        #expect(ExitStatus.allCases.map(\.rawValue) == [0, 1, 2, 3])
        #expect(ExitStatus.success.rawValue == 0)
        #expect(ExitStatus.gateFailed.rawValue == 1)
        #expect(ExitStatus.invalidInput.rawValue == 2)
        #expect(ExitStatus.runtimeFailure.rawValue == 3)
    }

    @Test func invalidInputIsTwo() {
        #expect(ExitStatus(for: Self.invalidInput()) == .invalidInput)
    }

    @Test func aRunFailureExitsAsItsKind() {
        #expect(ExitStatus(for: RunFailure(.invalidInput, "There is no run r.")) == .invalidInput)
        #expect(ExitStatus(for: RunFailure(.runtime, "The database failed.")) == .runtimeFailure)
        #expect(RunFailure.Kind.invalidInput.exitStatus == .invalidInput)
        #expect(RunFailure.Kind.runtime.exitStatus == .runtimeFailure)
    }

    @Test(arguments: [
        (StoreError.Code.runNotFound, ExitStatus.invalidInput), (.runExists, .invalidInput),
        (.runNotResumable, .invalidInput), (.identityMismatch, .invalidInput), (.shardMismatch, .invalidInput),
        (.missingShard, .invalidInput), (.duplicateShard, .invalidInput), (.overlappingShards, .invalidInput),
        (.incompleteShard, .invalidInput), (.cannotOpen, .runtimeFailure), (.newerSchema, .runtimeFailure),
        (.database, .runtimeFailure), (.invalidRecord, .runtimeFailure), (.unreadableRecord, .runtimeFailure),
    ])
    func aStoreErrorExitsByItsCode(code: StoreError.Code, status: ExitStatus) {
        let error = StoreError(code, "what went wrong")
        #expect(ExitStatus(for: error) == status)
        #expect(RunFailure.Kind(error).exitStatus == status)
    }

    @Test func theGateVerdictIsZeroOrOne() {
        #expect(ExitStatus(Verdict.pass) == .success)
        #expect(ExitStatus(Verdict.fail) == .gateFailed)
        #expect(ExitStatus(RunOutcome.Ending.decided(passed: true)) == .success)
        #expect(ExitStatus(RunOutcome.Ending.decided(passed: false)) == .gateFailed)
        #expect(ExitStatus(RunOutcome.Ending.shardStored) == .success)
        let failed = RunOutcome(runID: "r", ending: .decided(passed: false), tally: RunTally(), outputFolder: "reports/r")
        #expect(failed.exitStatus == .gateFailed)
    }

    @Test func aThrownStatusIsItselfAndSuccessIsNotThrown() {
        for status in ExitStatus.allCases {
            #expect(ExitStatus(for: status) == status)
        }
        #expect(throws: Never.self) { try ExitStatus.success.throwIfFailure() }
        #expect(throws: ExitStatus.gateFailed) { try ExitStatus.gateFailed.throwIfFailure() }
        #expect(throws: ExitStatus.invalidInput) { try ExitStatus.invalidInput.throwIfFailure() }
    }

    @Test func anUnexpectedErrorIsARuntimeFailure() {
        #expect(ExitStatus(for: Unexpected()) == .runtimeFailure)
        #expect(ExitStatus(for: CocoaError(.fileNoSuchFile)) == .runtimeFailure)
    }

    @Test func aLintReportIsZeroWithoutErrorsAndTwoWithThem() {
        var clean = LintReport(files: [], filesChecked: 1, diagnostics: DiagnosticList())
        #expect(clean.exitStatus == .success)
        clean.diagnostics = Self.invalidInput().diagnostics
        #expect(clean.exitStatus == .invalidInput)
    }

    @Test func theMessagesArePrintedOnStandardError() {
        #expect(ExitStatus.messages(for: Self.invalidInput()) == ["x.yaml:1:1: error: is not a vignette bank"])
        #expect(ExitStatus.messages(for: RunFailure(.invalidInput, "There is no run r.")) == ["error: There is no run r."])
        #expect(ExitStatus.messages(for: ExitStatus.gateFailed).isEmpty)
        #expect(ExitStatus.messages(for: Unexpected()) == ["error: internal error: Unexpected()"])
    }
}
