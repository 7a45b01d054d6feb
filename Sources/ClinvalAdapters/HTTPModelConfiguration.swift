import Foundation

/// How to reach an external model over HTTP (docs/model-format.md, `kind: http`).
///
/// The manifest gives `url`, `concurrency`, `timeout_seconds`, `retries` and the headers; the
/// headers' values are read from the environment when the configuration is made, so a secret
/// never sits in the manifest, a log or a record.
public struct HTTPModelConfiguration: Sendable, Hashable {
    /// One header sent with every request.
    public struct Header: Sendable, Hashable {
        /// The header's name.
        public var name: String
        /// Its value.
        public var value: String

        /// Creates a header.
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// The endpoint each request is POSTed to.
    public var url: URL
    /// How many requests may be in flight at once, over all concurrent ``HTTPModelAdapter/evaluate(_:)``
    /// calls (at least 1).
    public var concurrency: Int
    /// How long one request may take, in seconds, until it is abandoned (and retried, if retries
    /// are left).
    public var timeoutSeconds: Double
    /// How many times a request that failed for a reason that may pass is sent again: no answer
    /// in time, a connection that failed, or HTTP 408, 429, 500, 502, 503 or 504.
    public var retries: Int
    /// Headers sent with every request, after `Content-Type` and `Accept`.
    public var headers: [Header]
    /// The wait before the first retry, in seconds; each further retry waits twice as long.
    public var retryDelaySeconds: Double
    /// The largest response body read, in bytes; a larger one is that vignette's error.
    public var maxResponseBytes: Int
    /// How many vignettes in a row may fail (after their retries), before the model has answered
    /// any, until the model is declared unavailable: a wrong URL, a refused token or a server
    /// that is not running fails every vignette, so a run stops at once instead of recording
    /// each vignette as an error.
    public var maxFailuresBeforeFirstAnswer: Int
    /// How many vignettes in a row may fail to reach the model at all (no HTTP answer, after
    /// their retries) once it has answered, until it is declared unavailable.
    public var maxUnreachableAfterFirstAnswer: Int

    /// Creates a configuration.
    public init(
        url: URL, concurrency: Int, timeoutSeconds: Double, retries: Int, headers: [Header] = [],
        retryDelaySeconds: Double = 0.2, maxResponseBytes: Int = 1 << 20, maxFailuresBeforeFirstAnswer: Int = 4,
        maxUnreachableAfterFirstAnswer: Int = 20
    ) {
        self.url = url
        self.concurrency = max(1, concurrency)
        self.timeoutSeconds = timeoutSeconds
        self.retries = max(0, retries)
        self.headers = headers
        self.retryDelaySeconds = retryDelaySeconds
        self.maxResponseBytes = maxResponseBytes
        self.maxFailuresBeforeFirstAnswer = max(1, maxFailuresBeforeFirstAnswer)
        self.maxUnreachableAfterFirstAnswer = max(1, maxUnreachableAfterFirstAnswer)
    }
}

extension HTTPModelConfiguration.Header {
    /// The header with its value read from `environment`.
    ///
    /// - Throws: ``HTTPHeaderError`` if the variable is not set, or its value holds a control
    ///   character (a line break would let it add headers of its own).
    public static func resolve(
        name: String, variable: String, in environment: [String: String]
    ) throws(HTTPHeaderError) -> Self {
        guard let value = environment[variable] else {
            throw HTTPHeaderError(header: name, variable: variable, isSet: false)
        }
        guard !value.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\t" || $0.value == 0x7F }) else {
            throw HTTPHeaderError(header: name, variable: variable, isSet: true)
        }
        return Self(name: name, value: value)
    }
}
