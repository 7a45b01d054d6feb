/// How to run an external model as worker processes (docs/model-format.md, `kind: process`).
///
/// The manifest gives `command`, `workers` and `timeout_seconds`; the working directory is the
/// manifest's folder. The other settings have defaults that suit most models.
public struct ProcessModelConfiguration: Sendable, Hashable {
    /// The argv: the program, then its arguments, passed as they are (never through a shell). A
    /// program without a slash is looked up in the `PATH` of the child's environment; a relative
    /// path with a slash is taken relative to ``workingDirectory``.
    public var command: [String]
    /// The folder each worker starts in (the manifest's folder).
    public var workingDirectory: String
    /// How many worker processes run at once (at least 1).
    public var workers: Int
    /// How long one vignette may take, in seconds: a worker that has requests in flight and stays
    /// silent this long, since its last answer or since the oldest of them was sent, is hung.
    public var timeoutSeconds: Double
    /// The child's whole environment; nil to pass on this process's environment.
    public var environment: [String: String]?
    /// How many requests may be in flight on one worker at once (pipelining depth, at least 1).
    public var pipelineDepth: Int
    /// Extra time a freshly started worker has for its first answer, for loading the model.
    public var startupGraceSeconds: Double
    /// How many worker processes in a row may fail on a single vignette without answering anything
    /// (in isolation, or with only that vignette in flight), before the model has answered at all,
    /// until the model is declared unavailable.
    ///
    /// A model that cannot start fails on every vignette, so it is caught after this many; a
    /// worker that dies with several vignettes in flight proves nothing on its own and is not
    /// counted (its vignettes are retried in isolation, where it is).
    public var maxSilentWorkersBeforeFirstAnswer: Int
    /// The same limit once the model has answered at least once (higher, because single vignettes
    /// that crash a fresh worker each also end a worker without an answer).
    public var maxSilentWorkersAfterFirstAnswer: Int

    /// Creates a configuration.
    public init(
        command: [String], workingDirectory: String, workers: Int, timeoutSeconds: Double,
        environment: [String: String]? = nil, pipelineDepth: Int = 64, startupGraceSeconds: Double = 10,
        maxSilentWorkersBeforeFirstAnswer: Int = 4, maxSilentWorkersAfterFirstAnswer: Int = 20
    ) {
        self.command = command
        self.workingDirectory = workingDirectory
        self.workers = workers
        self.timeoutSeconds = timeoutSeconds
        self.environment = environment
        self.pipelineDepth = pipelineDepth
        self.startupGraceSeconds = startupGraceSeconds
        self.maxSilentWorkersBeforeFirstAnswer = maxSilentWorkersBeforeFirstAnswer
        self.maxSilentWorkersAfterFirstAnswer = maxSilentWorkersAfterFirstAnswer
    }
}
