import ClinvalCore
import Testing

struct VignetteContentTests {
    static let content = VignetteContent(
        key: VignetteKey(casebankID: "red-flags", vignetteID: "rf-001"), age: 58, sex: .male,
        present: ["chest_pain", "sweating"], absent: ["fever"], summary: "58-year-old man, crushing chest pain",
        goldDiagnosis: "possible-nstemi-stemi", alsoCorrect: ["unstable-angina"], goldDifferential: nil,
        goldTriage: TriageRange(.emergency), mustPass: true, tags: ["cardiac"])

    @Test func theDigestIsTheDocumentedNetstrings() {
        // Computed with Python's hashlib over the netstrings written out by hand (docs/clinical-review.md).
        #expect(Self.content.sha256 == "c7f879c9d665cc3aae6c2001cb5da68c5d16e1644cf67415d4f40f09a2dd183b")
    }

    @Test func everyInputAndLabelChangesTheDigest() {
        var variants: [VignetteContent] = []
        func variant(_ change: (inout VignetteContent) -> Void) {
            var copy = Self.content
            change(&copy)
            variants.append(copy)
        }
        variant { $0.key.vignetteID = "rf-002" }
        variant { $0.age = 59 }
        variant { $0.sex = .female }
        variant { $0.present = ["sweating", "chest_pain"] }
        variant { $0.absent = [] }
        variant { $0.summary = nil }
        variant { $0.summary = "" }
        variant { $0.goldDiagnosis = "unstable-angina" }
        variant { $0.alsoCorrect = [] }
        variant { $0.goldDifferential = [] }
        variant { $0.goldTriage = TriageRange(lower: .urgent, upper: .emergency)! }
        variant { $0.mustPass = false }
        variant { $0.tags = ["cardiac", "adult"] }
        // A field's text moved into the next field is not the same content.
        variant {
            $0.present = ["chest_pain"]
            $0.absent = ["sweating", "fever"]
        }
        let digests = Set(variants.map(\.sha256) + [Self.content.sha256])
        #expect(digests.count == variants.count + 1)
    }
}
