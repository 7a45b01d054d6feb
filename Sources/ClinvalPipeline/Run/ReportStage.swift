import ClinvalCore
import ClinvalGate
import ClinvalMetrics
import ClinvalReports
import ClinvalStore
import Foundation

/// Settings kept with a run (`runs.settings_json`) that its outputs show: the model's condition
/// labels and the host that ran it, so `clinval report` can render the same bytes later.
struct RunSettings: Codable, Hashable {
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
    static func decode(_ json: String?, runID: String) throws -> RunSettings {
        guard let json else { return RunSettings(conditionLabels: [:], hostname: nil) }
        do {
            return try JSONDecoder().decode(RunSettings.self, from: Data(json.utf8))
        } catch {
            throw StoreError(
                .unreadableRecord, "run \(quoted(runID)): \(StoreError.jsonProblem(error, column: "settings_json"))")
        }
    }
}

/// Writes a decided run's outputs — `summary.json`, `junit.xml`, `report.html` and the Argo
/// output parameters — from the database alone (`run`, `merge`, `gate` and `report` all call it).
public enum ReportStage {
    /// How many misses beyond the must-pass ones the report details.
    static let worstMissesListed = 100

    /// Renders and writes the outputs of a run.
    ///
    /// - Throws: ``RunFailure``: exit 2 for an unknown or undecided run, exit 3 for a database
    ///   or file error.
    public static func write(runID: String, store: ResultStore, outputFolder: String, argoOutputs: String?) throws {
        let (input, summary) = try assemble(runID: runID, store: store)
        do {
            _ = try ReportOutputs.write(input: input, summaryJSON: summary.jsonText(), to: outputFolder)
            if let argoOutputs {
                try ArgoOutputsWriter().write(input, to: argoOutputs)
            }
        } catch {
            throw RunFailure(.runtime, "Cannot write the outputs of run \(runID) to \(outputFolder): \(error)")
        }
    }

    /// The report input and the summary of a decided run, from the database.
    static func assemble(runID: String, store: ResultStore) throws -> (ReportInput, SummaryDocument) {
        do {
            guard let run = try store.run(id: runID) else {
                throw RunFailure(.invalidInput, "There is no run \(runID) in the database.")
            }
            guard run.verdict != nil, let gate = run.policyGate, let policySHA = run.policySHA256 else {
                throw RunFailure(
                    .invalidInput,
                    "Run \(runID) has no gate decision yet (status \(run.status.rawValue)); decide it with 'clinval gate' first.")
            }
            let casebanks = try store.casebanks(runID: runID)
            let metricRecords = try store.metrics(runID: runID)
            // Every stored row reads back or the report fails: a criterion or a metric missing
            // from a safety report is worse than no report.
            let criteria = try store.criteria(runID: runID).map { try CriterionDetails.result($0, runID: runID) }
            let data = try RunData.load(runID: runID, store: store)
            let settings = try RunSettings.decode(run.settingsJSON, runID: runID)
            let decision = GateDecision(criteria: criteria)

            let counts = RunCounts(
                vignettes: data.entries.count,
                ok: data.entries.count { $0.result.status == .ok },
                error: data.entries.count { $0.result.status == .error },
                timeout: data.entries.count { $0.result.status == .timeout },
                approximate: data.entries.count { $0.result.approximation != nil })
            let bootstrap = ClinvalMetrics.BootstrapSettings(
                resamples: run.bootstrapResamples ?? ClinvalMetrics.BootstrapSettings.default.resamples,
                seed: run.bootstrapSeed.map { UInt64(truncatingIfNeeded: $0) } ?? ClinvalMetrics.BootstrapSettings.default.seed)
            let metricValues = try metricRecords.map { record -> MetricValue in
                let scope: Scope
                switch Scope.parse(record.scope) {
                case .success(let parsed): scope = parsed
                case .failure(let error):
                    throw StoreError(
                        .unreadableRecord,
                        "run \(quoted(runID)): metric \(quoted(record.metric)) of scope \(quoted(record.scope)): the scope cannot be read: \(error)")
                }
                return MetricValue(
                    scope: scope, metric: record.metric, value: record.value, ciLower: record.ciLower,
                    ciUpper: record.ciUpper, ciUpperExact: record.ciUpperExact, n: record.n)
            }
            let bankIdentities = casebanks.map {
                CasebankIdentity(
                    id: $0.casebankID, version: $0.version, sha256: $0.sha256, vignettes: $0.vignettes, title: $0.title,
                    source: $0.source)
            }
            let policy = PolicyIdentity(gate: gate, sha256: policySHA)
            let summary = SummaryDocument(
                runID: runID,
                model: run.model,
                casebanks: bankIdentities,
                policy: policy, baselineRunID: run.baselineRunID,
                startedAt: run.startedAt, finishedAt: run.finishedAt, toolVersion: run.toolVersion, bootstrap: bootstrap,
                counts: counts, metrics: metricValues, decision: decision)

            let input = ReportInput(
                run: RunInfo(
                    runID: runID, verdict: decision.verdict == .pass ? .pass : .fail, status: run.status.rawValue,
                    failureMessage: run.failureReason, startedAt: run.startedAt, finishedAt: run.finishedAt,
                    toolVersion: run.toolVersion, gitCommit: run.gitCommit, hostname: settings.hostname, jobs: run.jobs,
                    shard: run.shard?.description, seed: run.seed.map { UInt64(truncatingIfNeeded: $0) },
                    bootstrap: bootstrap,
                    model: run.model,
                    casebanks: bankIdentities,
                    policy: policy, baselineRunID: run.baselineRunID),
                counts: counts,
                approximations: approximations(data),
                criteria: criteria.map(reportCriterion),
                metrics: metricValues,
                reliability: reliability(data),
                triageConfusion: confusion(data),
                mustPass: mustPass(data),
                mustPassMisses: CaseList(items: data.entries.filter { isMustPassMiss($0) }.map(caseDetail)),
                worstMisses: worstMisses(data),
                conditionLabels: settings.conditionLabels)
            return (input, summary)
        } catch let failure as RunFailure {
            throw failure
        } catch var error as StoreError {
            if error.path == nil { error.path = store.path }
            throw RunFailure(.runtime, "Cannot read run \(runID) from the database: \(error)")
        } catch {
            throw RunFailure(.runtime, "Cannot read run \(runID) from the database \(store.path): \(error)")
        }
    }

    // MARK: Criteria

    static func reportCriterion(_ result: ClinvalGate.CriterionResult) -> ClinvalReports.CriterionResult {
        let outcome: ClinvalReports.CriterionResult.Outcome
        var reason: String?
        switch result.outcome {
        case .met, .firstRunPassed: outcome = .passed
        case .notMet: outcome = .failed
        case .tooFewCases, .emptyScope, .emptyPopulation:
            outcome = .failed
            reason = "too few cases"
        case .metricUndefined:
            outcome = .failed
            reason = "metric undefined"
        case .noBaseline:
            outcome = result.passed ? .passed : .failed
            reason = "no baseline run"
        case .notComputed:
            outcome = .notEvaluated
            reason = "not computed"
        }
        if result.outcome == .firstRunPassed { reason = "first run: no baseline to compare with" }
        let baseline = result.baseline.map {
            ClinvalReports.BaselineComparison(
                baselineValue: $0.baselineValue, candidateValue: $0.candidateValue, difference: $0.difference,
                differenceCILower: $0.differenceCILower, differenceCIUpper: $0.differenceCIUpper, pValue: $0.pValue,
                pairedN: $0.pairedN)
        }
        return ClinvalReports.CriterionResult(
            id: result.id, metric: result.metric, scope: result.scope.description,
            severity: result.severity == .warning ? .warning : .blocking, outcome: outcome, reason: reason,
            observed: result.observed, threshold: result.threshold, use: result.use.rawValue, message: result.message,
            baseline: baseline)
    }

    // MARK: Charts

    static func reliability(_ data: RunData) -> [ReliabilityBin] {
        var count = [Int](repeating: 0, count: CalibrationBins.count)
        var confidence = [Double](repeating: 0, count: CalibrationBins.count)
        var correct = [Int](repeating: 0, count: CalibrationBins.count)
        var any = false
        for entry in data.entries {
            guard let point = VignetteScore(entry.outcome).calibration else { continue }
            any = true
            let bin = point.bin - 1
            count[bin] += 1
            confidence[bin] += point.confidence
            if point.isTopCorrect { correct[bin] += 1 }
        }
        guard any else { return [] }
        return (0..<CalibrationBins.count).map { bin in
            ReliabilityBin(
                count: count[bin], meanConfidence: count[bin] > 0 ? confidence[bin] / Double(count[bin]) : nil,
                accuracy: count[bin] > 0 ? Double(correct[bin]) / Double(count[bin]) : nil)
        }
    }

    /// One pass over the entries, reading their fields in place (filtering copies each entry,
    /// which costs seconds at 100,000 vignettes); cells by gold level, then returned level with
    /// "no answer" first.
    static func confusion(_ data: RunData) -> [TriageConfusionCell] {
        let returnedLevels: [TriageLevel?] = [nil] + TriageLevel.allCases.map(Optional.some)
        var counts: [TriageLevel: [Int]] = [:]
        for index in data.entries.indices {
            let gold = data.entries[index].labels.goldTriageLow
            let returned = data.entries[index].result.status == .ok ? data.entries[index].result.triage : nil
            guard let column = returnedLevels.firstIndex(of: returned) else { continue }
            counts[gold, default: [Int](repeating: 0, count: returnedLevels.count)][column] += 1
        }
        return TriageLevel.allCases.flatMap { gold in
            returnedLevels.enumerated().map { column, returned in
                TriageConfusionCell(gold: gold, returned: returned, count: counts[gold]?[column] ?? 0)
            }
        }
    }

    // MARK: Misses

    static func isMustPassMiss(_ entry: RunData.Entry) -> Bool {
        VignetteScore(entry.outcome).isMustPassFailure
    }

    static func mustPass(_ data: RunData) -> [MustPassOutcome] {
        data.entries.filter(\.labels.mustPass).map { entry in
            MustPassOutcome(
                casebankID: entry.labels.casebankID, vignetteID: entry.labels.vignetteID,
                missReason: isMustPassMiss(entry) ? missReason(entry) : nil, latencyMs: entry.result.latencyMS)
        }
    }

    /// Why a vignette counts as missed, in words.
    static func missReason(_ entry: RunData.Entry) -> String {
        let score = VignetteScore(entry.outcome)
        if entry.result.status != .ok {
            return "no answer: \(entry.result.status.rawValue)"
        }
        var reasons: [String] = []
        if score.bestRank.map({ $0 > 3 }) ?? true {
            reasons.append(
                score.bestRank.map { "correct condition ranked \($0), not in the top 3" }
                    ?? "correct condition not in the differential")
        }
        if score.isUndertriaged {
            let returned = entry.result.triage?.rawValue ?? "no triage"
            reasons.append("under-triaged: \(returned) where \(entry.labels.goldTriageLow.rawValue) was required")
        }
        return reasons.isEmpty ? "over-triaged" : reasons.joined(separator: "; ")
    }

    /// The misses that matter most, most dangerous first: emergencies not sent to emergency care,
    /// then other under-triage, then no answer, then the correct condition missing from the top 3.
    static func worstMisses(_ data: RunData) -> CaseList {
        let ranked = data.entries.compactMap { entry -> (Int, RunData.Entry)? in
            guard !entry.labels.mustPass else { return nil }
            let score = VignetteScore(entry.outcome)
            let severity: Int
            if score.hasEmergencyGold && score.isBelowEmergency {
                severity = 4
            } else if score.isUndertriaged && entry.result.status == .ok {
                severity = 3
            } else if score.isError {
                severity = 2
            } else if !(score.isInTop(3)) {
                severity = 1
            } else {
                return nil
            }
            return (severity, entry)
        }.sorted { left, right in
            if left.0 != right.0 { return left.0 > right.0 }
            return (left.1.labels.casebankID, left.1.labels.vignetteID) < (right.1.labels.casebankID, right.1.labels.vignetteID)
        }
        return CaseList(items: ranked.prefix(worstMissesListed).map { caseDetail($0.1) }, total: ranked.count)
    }

    static func caseDetail(_ entry: RunData.Entry) -> CaseDetail {
        CaseDetail(
            casebankID: entry.labels.casebankID, vignetteID: entry.labels.vignetteID, summary: entry.labels.summary,
            age: entry.labels.age, sex: entry.labels.sex, goldDiagnosis: entry.labels.goldDiagnosis,
            alsoCorrect: entry.labels.alsoCorrect, goldDifferential: entry.labels.goldDifferential,
            goldTriageLow: entry.labels.goldTriageLow, goldTriageHigh: entry.labels.goldTriageHigh,
            modelTriage: entry.result.status == .ok ? entry.result.triage : nil,
            modelDifferential: entry.result.differential.sorted { $0.rank < $1.rank }.prefix(5).map {
                RankedCondition(condition: $0.conditionID, probability: $0.probability)
            },
            status: entry.result.status.rawValue, error: entry.result.error, reason: missReason(entry))
    }

    static func approximations(_ data: RunData) -> [ApproximationUse] {
        var byMethod: [String: (count: Int, samples: Set<Int>)] = [:]
        for entry in data.entries {
            guard let approximation = entry.result.approximation else { continue }
            var item = byMethod[approximation.method] ?? (0, [])
            item.count += 1
            if let samples = approximation.samples { item.samples.insert(samples) }
            byMethod[approximation.method] = item
        }
        return byMethod.keys.sorted().compactMap { method in
            guard let item = byMethod[method] else { return nil }
            let detail = item.samples.isEmpty
                ? nil : "\(item.samples.sorted().map(String.init).joined(separator: ", ")) samples per vignette"
            return ApproximationUse(method: method, vignettes: item.count, detail: detail)
        }
    }
}
