import ClinvalAdapters
import ClinvalCasebanks
import ClinvalCore
import ClinvalGate
import ClinvalModels
import ClinvalRunner
import ClinvalStore
import Foundation
import Logging

/// What `clinval run` did.
public struct RunOutcome: Sendable {
    /// How the run ended.
    public enum Ending: Sendable, Hashable {
        /// A shard's results are stored; the gate is decided after `clinval merge`.
        case shardStored
        /// The gate decided.
        case decided(passed: Bool)
    }

    /// The run id.
    public var runID: String
    /// How it ended.
    public var ending: Ending
    /// What the runner counted.
    public var tally: RunTally
    /// Where the outputs were written, if anywhere.
    public var outputFolder: String?
}

/// The checked inputs of a run.
struct RunInputs: Sendable {
    var model: ModelFile
    var banks: [BankProfile]
    var policy: GatePolicy
}

/// `clinval run`: the whole pipeline.
///
/// The stages hand off typed values:
/// `RunRequest → RunInputs (lint) → ModelAdapter + ResultStore → RunTally (runner, results
/// committed batch by batch) → metrics → gate decision → outputs → exit code`.
///
/// A run is marked `complete` only after all its results and metrics are committed; a run that is
/// killed leaves a consistent database that `--resume` finishes.
public struct RunPipeline: Sendable {
    /// The resolved settings.
    public let request: RunRequest
    /// The adapter factory, database, clock, host and process environment the run uses.
    public let environment: PipelineEnvironment

    /// Creates the pipeline.
    public init(request: RunRequest, environment: PipelineEnvironment = .production) {
        self.request = request
        self.environment = environment
    }

    /// Runs the pipeline.
    ///
    /// - Parameters:
    ///   - warnings: receives the lint warnings of the inputs, before the run starts.
    /// - Throws: ``InvalidInputError`` (exit 2) when the inputs have errors; ``RunFailure`` for
    ///   everything else that stops a run.
    public func execute(
        progress: (any RunProgressObserver)? = nil, logger: Logger, warnings: (Diagnostic) -> Void = { _ in }
    ) async throws -> RunOutcome {
        // 1. Lint the inputs: nothing runs on a bad bank, model or policy.
        let inputs = try await checkInputs(warnings: warnings)

        // 2. The model and the store.
        let adapter = try environment.makeAdapter(inputs.model, logger, environment.variables)
        let store = try openStore()
        let identity = inputs.model.identity
        let casebankRecords = inputs.banks.map {
            CasebankIdentity(
                id: $0.id, version: $0.header.version, sha256: $0.sha256, vignettes: $0.vignetteCount,
                title: $0.header.title, source: $0.header.source)
        }
        let shard = request.shard

        // 3. Begin the run, or take up a killed one.
        let runID: String
        var done: Set<VignetteKey> = []
        do {
            if let resume = request.resume {
                runID = resume
                _ = try store.resumeRun(id: resume, model: identity, casebanks: casebankRecords, shard: shard)
                done = try store.completedVignetteKeys(runID: resume)
                logger.notice("Resuming run", metadata: ["run.id": "\(runID)", "run.done": "\(done.count)"])
            } else {
                runID = request.runID ?? RunIdentifier.make(modelName: inputs.model.name, date: environment.now())
                let record = RunRecord(
                    runID: runID, model: identity, policySHA256: inputs.policy.sha256, policyGate: inputs.policy.gate,
                    policyText: inputs.policy.text,
                    toolVersion: request.toolVersion, gitCommit: environment.gitCommit, startedAt: environment.now(),
                    jobs: request.jobs, shard: shard, seed: request.seed.map { Int(truncatingIfNeeded: $0) },
                    bootstrapResamples: inputs.policy.bootstrap.resamples,
                    bootstrapSeed: Int(truncatingIfNeeded: request.seed ?? inputs.policy.bootstrap.seed),
                    settingsJSON: ReportSettings(
                        conditionLabels: Self.conditionLabels(inputs.model),
                        findingLabels: Self.findingLabels(inputs.model), hostname: environment.hostname()
                    ).json())
                try store.beginRun(record, casebanks: casebankRecords)
            }
        } catch let error as StoreError {
            throw RunFailure(RunFailure.Kind(error), error.description)
        }

        // 4. Run the model over the banks; every batch is committed as it comes.
        let total = inputs.banks.reduce(0) { $0 + $1.vignetteCount } / (request.shard?.count ?? 1) - done.count
        let runner = EvaluationRunner(options: EvaluationOptions(jobs: request.jobs, shard: request.shard))
        let tally: RunTally
        do {
            try await adapter.start()
            tally = try await runner.run(
                banks: inputs.banks.map(\.file), digests: inputs.banks.map(\.sha256), checked: inputs.banks, done: done, total: max(0, total), adapter: adapter,
                sink: StoreResultSink(store: store, runID: runID), progress: progress)
            await adapter.shutdown()
        } catch {
            await adapter.shutdown()
            let message: String
            switch error {
            case let unavailable as ModelUnavailableError: message = "the model cannot be reached: \(unavailable)"
            case let storeError as StoreError: message = "the database failed: \(storeError)"
            case let runnerError as RunnerError: message = runnerError.description
            default: message = "the run stopped: \(error)"
            }
            do {
                try store.markFailed(runID: runID, reason: message, finishedAt: environment.now())
            } catch {
                throw RunFailure(
                    .runtime, "Run \(runID) failed: \(message); marking it failed in the database failed too: \(error)")
            }
            throw RunFailure(.runtime, "Run \(runID) failed: \(message)")
        }

        // 5. A shard stops here: its results are merged, scored and gated by `clinval merge`.
        if request.shard != nil {
            do {
                try store.markComplete(runID: runID, verdict: nil, finishedAt: environment.now())
            } catch {
                throw RunFailure(.runtime, "Run \(runID): the database failed: \(error)")
            }
            return RunOutcome(runID: runID, ending: .shardStored, tally: tally, outputFolder: nil)
        }

        // 6. Score, decide and write the outputs.
        let finish = DecisionStage(store: store, toolVersion: request.toolVersion, now: environment.now)
        let decision = try await finish.decide(
            runID: runID, policy: inputs.policy, baseline: request.baseline, seed: request.seed,
            outputFolder: request.outputFolder ?? RunRequest.defaultReportsFolder + "/" + runID,
            argoOutputs: request.argoOutputs, labels: request.labels)
        return RunOutcome(
            runID: runID, ending: .decided(passed: decision.passed), tally: tally, outputFolder: decision.outputFolder)
    }

    // MARK: Stages

    /// Loads and checks the model, banks and policy, and checks them against each other.
    func checkInputs(warnings: (Diagnostic) -> Void) async throws -> RunInputs {
        var diagnostics = DiagnosticList()
        let model = ModelLoader.load(request.model, diagnostics: &diagnostics)
        let (discovered, _) = InputDiscovery.discover(request.casebanks, diagnostics: &diagnostics)
        var banks: [BankProfile] = []
        var firstFile: [String: String] = [:]
        for input in discovered {
            guard input.kind == .casebank else {
                diagnostics.error(
                    "is not a vignette bank (a bank starts with 'casebank:'); --casebank takes banks and folders of banks",
                    at: InputLocation(file: input.path))
                continue
            }
            guard
                let bank = await BankProfile.scan(
                    input.path, parallelism: request.jobs, keepingUpTo: BankProfile.keptVignetteLimit,
                    diagnostics: &diagnostics)
            else { continue }
            if let other = firstFile[bank.id] {
                diagnostics.error(
                    "bank id \(quoted(bank.id)) is also the id of \(other); the banks of a run need different ids",
                    at: InputLocation(file: bank.file), field: FieldPath.root.appending("casebank"))
                continue
            }
            firstFile[bank.id] = bank.file
            banks.append(bank)
        }
        if discovered.isEmpty && !diagnostics.hasErrors {
            diagnostics.error("no vignette banks to run", at: request.casebanks.first.map { InputLocation(file: $0) })
        }
        let policy = GatePolicyLoader.load(request.policy, diagnostics: &diagnostics)
        if let model {
            for bank in banks { CrossChecks.check(bank, against: model, diagnostics: &diagnostics) }
        }
        if let policy {
            CrossChecks.check(policy, banks: banks, models: model.map { [$0] } ?? [], diagnostics: &diagnostics)
        }
        guard let model, let policy, !diagnostics.hasErrors else { throw InvalidInputError(diagnostics) }
        diagnostics.warnings.forEach(warnings)
        return RunInputs(model: model, banks: banks, policy: policy)
    }

    /// The adapter for a model file: the production ``PipelineEnvironment/makeAdapter``.
    ///
    /// - Parameter variables: where an HTTP model's header values come from.
    /// - Throws: ``RunFailure`` (exit 2) when the model cannot be evaluated or a header's
    ///   variable is not set.
    @Sendable public static func makeAdapter(
        _ model: ModelFile, logger: Logger, variables: [String: String]
    ) throws -> any ModelAdapter {
        switch model {
        case .noisyOR(let network):
            do {
                return try NoisyORModelAdapter(model: network)
            } catch {
                throw RunFailure(.invalidInput, "The model \(model.file) cannot be evaluated: \(error).")
            }
        case .external(let manifest):
            switch manifest.transport {
            case .process(let settings):
                return ProcessModelAdapter(
                    configuration: ProcessModelConfiguration(
                        command: settings.command, workingDirectory: manifest.folder, workers: settings.workers,
                        timeoutSeconds: settings.timeoutSeconds),
                    logger: logger)
            case .http(let settings):
                let headers: [HTTPModelConfiguration.Header]
                do {
                    headers = try settings.headers.map { source throws(HTTPHeaderError) in
                        try HTTPModelConfiguration.Header.resolve(
                            name: source.name, variable: source.environmentVariable, in: variables)
                    }
                } catch {
                    throw RunFailure(.invalidInput, "The model \(model.file): \(error).")
                }
                return HTTPModelAdapter(
                    configuration: HTTPModelConfiguration(
                        url: settings.url, concurrency: settings.concurrency, timeoutSeconds: settings.timeoutSeconds,
                        retries: settings.retries, headers: headers),
                    logger: logger)
            }
        }
    }

    /// Opens (creating if needed) the database.
    func openStore() throws -> ResultStore {
        try Self.createFolder(of: request.database)
        do {
            return try environment.store(at: request.database)
        } catch let error as StoreError {
            throw RunFailure(.runtime, "Cannot open the database: \(error)")
        } catch {
            throw RunFailure(.runtime, "Cannot open the database \(request.database): \(error)")
        }
    }

    /// Creates the folder a database goes in, when it does not exist.
    ///
    /// - Throws: ``RunFailure`` (exit 3) naming the folder when it cannot be created.
    static func createFolder(of database: String) throws {
        let folder = (database as NSString).deletingLastPathComponent
        guard !folder.isEmpty else { return }
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw RunFailure(.runtime, "Cannot create the folder \(folder) of the database \(database): \(error)")
        }
    }

    /// The display labels of a model's conditions: a noisy-OR model's, or those an external
    /// model's manifest gives (`labels.conditions`, maybe none).
    static func conditionLabels(_ model: ModelFile) -> [String: String] {
        switch model {
        case .noisyOR(let network):
            Dictionary(network.conditions.map { ($0.id, $0.label) }, uniquingKeysWith: { first, _ in first })
        case .external(let manifest):
            manifest.conditionLabels
        }
    }

    /// The display labels of a model's findings: a noisy-OR model's labelled findings (a finding
    /// without a label is named by its code), or those an external model's manifest gives
    /// (`labels.findings`, maybe none).
    static func findingLabels(_ model: ModelFile) -> [String: String] {
        switch model {
        case .noisyOR(let network):
            Dictionary(
                network.findings.compactMap { finding in finding.label.map { (finding.id, $0) } },
                uniquingKeysWith: { first, _ in first })
        case .external(let manifest):
            manifest.findingLabels
        }
    }
}
