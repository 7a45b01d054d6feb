/// A group of vignettes a metric is computed over (docs/gate-policy.md, docs/metrics.md), written `all`,
/// `casebank:ID`, `tag:T`, `sex:S`, `age:LO-HI`, `triage:LEVEL` or `condition:CODE`.
///
/// ```swift
/// let scope = try Scope.parse("age:18-39").get()   // .age(18...39)
/// scope.description                                // "age:18-39"
/// ```
///
/// `description` gives the canonical text, which ``parse(_:)`` reads back to the same value; the
/// reports and the database name scopes by it.
public enum Scope: Hashable, Sendable, CustomStringConvertible {
    /// Every vignette of the run.
    case all
    /// The vignettes of one bank, by bank id (`casebank:red-flags`).
    case casebank(String)
    /// The vignettes carrying a tag (`tag:cardiac`).
    case tag(String)
    /// The vignettes of patients of one sex (`sex:female`).
    case sex(Sex)
    /// The vignettes of patients aged from the lower to the upper bound inclusive, in whole years
    /// (`age:18-39`).
    case age(ClosedRange<Int>)
    /// The vignettes whose gold triage range starts at a level (lo = LEVEL) (`triage:emergency`).
    case triage(TriageLevel)
    /// The vignettes whose gold diagnosis is a condition code (`condition:pneumonia`).
    case condition(String)

    /// The ages a scope may name, in whole years (as in banks).
    public static let ageLimits: ClosedRange<Int> = 0...120

    /// The breakdowns stored for every run that do not depend on the banks (docs/metrics.md):
    /// `sex:female`, `sex:male`, the age bands `age:0-17`, `age:18-39`, `age:40-64`, `age:65-120`,
    /// and `triage:LEVEL` for the four levels, most urgent first.
    ///
    /// The full set of stored scopes is `all`, these, one `casebank:ID` per bank and one `tag:T` per
    /// tag found in the banks, and every scope a policy criterion names; a scope with no vignettes
    /// still gets rows (null values, `n` = 0).
    public static let standardBreakdowns: [Scope] =
        [.sex(.female), .sex(.male), .age(0...17), .age(18...39), .age(40...64), .age(65...120)]
        + TriageLevel.mostUrgentFirst.map { .triage($0) }

    /// The canonical text: `all`, `casebank:red-flags`, `age:18-39`, `triage:self_care`.
    public var description: String {
        switch self {
        case .all: "all"
        case .casebank(let id): "casebank:\(id)"
        case .tag(let tag): "tag:\(tag)"
        case .sex(let sex): "sex:\(sex.rawValue)"
        case .age(let range): "age:\(range.lowerBound)-\(range.upperBound)"
        case .triage(let level): "triage:\(level.rawValue)"
        case .condition(let code): "condition:\(code)"
        }
    }

    /// The accepted forms, for messages.
    static let forms = "all, casebank:ID, tag:T, sex:S, age:LO-HI, triage:LEVEL, condition:CODE"

    private static let kinds = ["all", "casebank", "tag", "sex", "age", "triage", "condition"]

    /// Reads a scope from its text.
    ///
    /// The text must be exactly one of the forms, without white space: a bank id
    /// `[a-z0-9][a-z0-9-]*`, a tag `[A-Za-z0-9._-]+` (as in banks), `female` or `male`, whole ages
    /// `LO-HI` with 0 ≤ LO ≤ HI ≤ 120, a known triage level, a condition code `[A-Za-z0-9._-]+`.
    ///
    /// - Returns: the scope, or a ``ScopeSyntaxError`` whose message says what is wrong and what is
    ///   accepted (`unknown scope kind "bank"; did you mean "casebank"? expected all, …`).
    public static func parse(_ text: String) -> Result<Scope, ScopeSyntaxError> {
        if text.isEmpty || text.allSatisfy(\.isWhitespace) {
            return .failure(ScopeSyntaxError("empty scope; expected \(forms)"))
        }
        if text.contains(where: \.isWhitespace) {
            return .failure(ScopeSyntaxError("unexpected white space in scope \(quoted(text)); expected \(forms)"))
        }
        let kind: String
        let value: String?
        if let colon = text.firstIndex(of: ":") {
            kind = String(text[..<colon])
            value = String(text[text.index(after: colon)...])
        } else {
            kind = text
            value = nil
        }
        switch kind {
        case "all":
            guard value == nil else { return .failure(ScopeSyntaxError("scope all takes no value, found \(quoted(text))")) }
            return .success(.all)
        case "casebank", "tag", "sex", "age", "triage", "condition":
            guard let value, !value.isEmpty else {
                return .failure(ScopeSyntaxError("scope \(quoted(text)) needs a value: \(form(of: kind))"))
            }
            return parseValue(kind: kind, value: value, text: text)
        default:
            return .failure(unknownKind(kind, hasValue: value != nil))
        }
    }

    private static func form(of kind: String) -> String {
        switch kind {
        case "casebank": "casebank:ID"
        case "tag": "tag:T"
        case "sex": "sex:female or sex:male"
        case "age": "age:LO-HI, such as age:18-39"
        case "triage": "triage:LEVEL, such as triage:emergency"
        default: "condition:CODE"
        }
    }

    private static func unknownKind(_ kind: String, hasValue: Bool) -> ScopeSyntaxError {
        if !hasValue {
            // A bare value: `female` or `emergency` for `sex:female` or `triage:emergency`.
            if let sex = Sex(rawValue: kind) {
                return ScopeSyntaxError("unknown scope \(quoted(kind)); did you mean \(quoted("sex:\(sex.rawValue)"))?")
            }
            if let level = TriageLevel(rawValue: kind) {
                return ScopeSyntaxError(
                    "unknown scope \(quoted(kind)); did you mean \(quoted("triage:\(level.rawValue)"))?")
            }
        }
        var message = "unknown scope kind \(quoted(kind))"
        if let suggestion = Suggestions.likely(for: kind, in: kinds) {
            message += "; did you mean \(quoted(suggestion))? "
        } else {
            message += "; "
        }
        return ScopeSyntaxError(message + "expected \(forms)")
    }

    private static func parseValue(kind: String, value: String, text: String) -> Result<Scope, ScopeSyntaxError> {
        switch kind {
        case "casebank":
            guard Identifiers.isSlug(value) else {
                return .failure(
                    ScopeSyntaxError("expected a bank id [a-z0-9][a-z0-9-]* after casebank:, found \(quoted(value))"))
            }
            return .success(.casebank(value))
        case "tag":
            guard Identifiers.isCode(value) else {
                return .failure(ScopeSyntaxError("expected a tag [A-Za-z0-9._-]+ after tag:, found \(quoted(value))"))
            }
            return .success(.tag(value))
        case "sex":
            guard let sex = Sex(rawValue: value) else {
                return .failure(ScopeSyntaxError("expected sex:female or sex:male, found \(quoted(text))"))
            }
            return .success(.sex(sex))
        case "age":
            return parseAge(value, text: text)
        case "triage":
            guard let level = TriageLevel(rawValue: value) else {
                let names = TriageLevel.mostUrgentFirst.map(\.rawValue)
                var message = "unknown triage level \(quoted(value)) in scope"
                if let suggestion = Suggestions.likely(for: value, in: names) {
                    message += "; did you mean \(quoted(suggestion))?"
                } else {
                    message += ";"
                }
                return .failure(ScopeSyntaxError(message + " expected one of \(names.joined(separator: ", "))"))
            }
            return .success(.triage(level))
        default:
            guard Identifiers.isCode(value) else {
                return .failure(
                    ScopeSyntaxError("expected a condition code [A-Za-z0-9._-]+ after condition:, found \(quoted(value))"))
            }
            return .success(.condition(value))
        }
    }

    private static func parseAge(_ value: String, text: String) -> Result<Scope, ScopeSyntaxError> {
        let parts = value.split(separator: "-", omittingEmptySubsequences: false)
        let isDigits = { (part: Substring) in !part.isEmpty && part.utf8.allSatisfy { (48...57).contains($0) } }
        guard parts.count == 2, let low = parts.first, let high = parts.last, isDigits(low), isDigits(high) else {
            return .failure(
                ScopeSyntaxError("expected age:LO-HI in whole years, such as age:18-39, found \(quoted(text))"))
        }
        // More than three digits is over 120 anyway; Int(_:) would overflow on very long numbers.
        guard low.count <= 3, high.count <= 3, let lo = Int(low), let hi = Int(high),
            ageLimits.contains(lo), ageLimits.contains(hi)
        else {
            return .failure(ScopeSyntaxError("expected ages from 0 to 120 in scope, found \(quoted(text))"))
        }
        guard lo <= hi else {
            return .failure(
                ScopeSyntaxError("age scope \(quoted(text)) runs backwards; expected LO ≤ HI, such as age:\(hi)-\(lo)"))
        }
        return .success(.age(lo...hi))
    }
}
