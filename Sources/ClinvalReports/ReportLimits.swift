/// How much the reports show at most, so that their size grows with the failures listed and never
/// with the size of the banks.
///
/// The defaults keep `report.html` under 3 MB and `junit.xml` under 1 MB for any run; a cut list
/// says how many more there are ("and 212 more not shown").
public struct ReportLimits: Sendable, Hashable {
    /// Missed `must_pass` vignettes shown in detail in the HTML report.
    public var mustPassMisses: Int
    /// Other misses shown in detail in the HTML report.
    public var worstMisses: Int
    /// Rows of each breakdown table (by bank, tag, condition…) in the HTML report.
    public var breakdownRows: Int
    /// Criteria listed (the HTML report and the JUnit gate suite).
    public var criteria: Int
    /// `must_pass` testcases in `junit.xml`, over all banks; missed ones come first.
    public var junitMustPassCases: Int
    /// Characters of a message (criterion sentence, failure text) before it is cut with a pointer to
    /// the HTML report.
    public var messageCharacters: Int
    /// Characters of a vignette summary in the HTML report.
    public var summaryCharacters: Int
    /// Characters of other free text (titles, sources, error texts, labels).
    public var shortTextCharacters: Int
    /// Conditions of the model's differential shown for each vignette.
    public var differentialEntries: Int
    /// Codes of a gold differential or `also_correct` list shown for each vignette.
    public var goldCodes: Int
    /// Findings of each list of a vignette (reported present, recorded absent) shown at most.
    public var findings: Int
    /// Characters of each list of findings: a list stops before the finding that would pass them
    /// (the first finding is always shown; a label is cut to ``shortTextCharacters``).
    public var findingCharacters: Int

    /// The defaults.
    public static let standard = ReportLimits(
        mustPassMisses: 200, worstMisses: 50, breakdownRows: 100, criteria: 500, junitMustPassCases: 2_000,
        messageCharacters: 1_000, summaryCharacters: 1_000, shortTextCharacters: 300, differentialEntries: 5,
        goldCodes: 20, findings: 40, findingCharacters: 1_500)

    /// Creates limits.
    public init(
        mustPassMisses: Int, worstMisses: Int, breakdownRows: Int, criteria: Int, junitMustPassCases: Int,
        messageCharacters: Int, summaryCharacters: Int, shortTextCharacters: Int, differentialEntries: Int,
        goldCodes: Int, findings: Int = 40, findingCharacters: Int = 1_500
    ) {
        self.mustPassMisses = max(0, mustPassMisses)
        self.worstMisses = max(0, worstMisses)
        self.breakdownRows = max(0, breakdownRows)
        self.criteria = max(0, criteria)
        self.junitMustPassCases = max(0, junitMustPassCases)
        self.messageCharacters = max(1, messageCharacters)
        self.summaryCharacters = max(1, summaryCharacters)
        self.shortTextCharacters = max(1, shortTextCharacters)
        self.differentialEntries = max(0, differentialEntries)
        self.goldCodes = max(0, goldCodes)
        self.findings = max(0, findings)
        self.findingCharacters = max(1, findingCharacters)
    }
}
