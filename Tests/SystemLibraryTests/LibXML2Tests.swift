import Foundation
import Testing
import _ClinvalTestSupport

/// Proves the libxml2 system library links and validates against the vendored JUnit schemas.
@Suite struct LibXML2Tests {
    static let schemas = ["windyroad-JUnit.xsd", "jenkins-xunit-junit-10.xsd"]

    static let validJUnit = """
        <?xml version="1.0" encoding="UTF-8"?>
        <testsuites>
          <testsuite package="clinval" id="0" name="gate" timestamp="2026-11-29T12:00:00" hostname="localhost" tests="1" failures="1" errors="0" time="0.012">
            <properties><property name="verdict" value="fail"/></properties>
            <testcase classname="gate" name="top3" time="0.001">
              <failure type="criterion" message="Top-3 accuracy 0.71 is below 0.80">details</failure>
            </testcase>
            <system-out></system-out>
            <system-err></system-err>
          </testsuite>
        </testsuites>
        """

    @Test(arguments: schemas)
    func acceptsAValidJUnitDocument(schema: String) throws {
        let path = PackagePaths.schema(schema)
        try #require(
            FileManager.default.fileExists(atPath: path),
            "the schema must be vendored in the repository (\(PackagePaths.schemasFolder)/\(schema))")
        let validator = try XMLSchemaValidator(schemaPath: path)
        #expect(validator.validate(Self.validJUnit) == [])
    }

    @Test func rejectsAFailureWithoutTypeUnderTheStrictSchema() throws {
        let validator = try XMLSchemaValidator(schemaPath: PackagePaths.schema("windyroad-JUnit.xsd"))
        let broken = Self.validJUnit.replacingOccurrences(of: "type=\"criterion\" ", with: "")
        let messages = validator.validate(broken)
        #expect(messages.count == 1)
        #expect(messages.first?.contains("type") == true)
    }

    @Test func rejectsATimeWithFourDecimalsUnderTheJenkinsSchema() throws {
        let validator = try XMLSchemaValidator(schemaPath: PackagePaths.schema("jenkins-xunit-junit-10.xsd"))
        let broken = Self.validJUnit.replacingOccurrences(of: "time=\"0.012\"", with: "time=\"0.0125\"")
        #expect(!validator.validate(broken).isEmpty)
    }

    @Test func reportsMalformedXML() throws {
        let validator = try XMLSchemaValidator(schemaPath: PackagePaths.schema("windyroad-JUnit.xsd"))
        #expect(validator.validate("<testsuites><oops></testsuites>") == ["not well-formed XML"])
    }
}
