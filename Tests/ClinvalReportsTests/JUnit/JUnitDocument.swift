import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// A parsed `junit.xml`, for assertions on its structure.
struct JUnitDocument {
    struct Testcase {
        var name: String
        var classname: String
        /// `failure`, `error`, `skipped`, or nil for a passed testcase.
        var child: String?
        var childAttributes: [String: String]
        var childText: String
    }

    struct Suite {
        var name: String
        var attributes: [String: String]
        var properties: [String: String]
        var testcases: [Testcase]
        var systemOut: String
    }

    var suites: [Suite]

    init(_ xml: String) throws {
        let document = try XMLDocument(xmlString: xml, options: [])
        guard let root = document.rootElement(), root.name == "testsuites" else {
            throw CocoaError(.propertyListReadCorrupt)
        }
        suites = root.elements(forName: "testsuite").map { suite in
            var properties: [String: String] = [:]
            for property in suite.elements(forName: "properties").first?.elements(forName: "property") ?? [] {
                properties[Self.attribute(property, "name")] = Self.attribute(property, "value")
            }
            let testcases = suite.elements(forName: "testcase").map { testcase in
                let child = (testcase.children ?? []).compactMap { $0 as? XMLElement }.first
                return Testcase(
                    name: Self.attribute(testcase, "name"), classname: Self.attribute(testcase, "classname"),
                    child: child?.name,
                    childAttributes: Dictionary(
                        uniqueKeysWithValues: (child?.attributes ?? []).map { ($0.name ?? "", $0.stringValue ?? "") }),
                    childText: child?.stringValue ?? "")
            }
            return Suite(
                name: Self.attribute(suite, "name"),
                attributes: Dictionary(uniqueKeysWithValues: (suite.attributes ?? []).map { ($0.name ?? "", $0.stringValue ?? "") }),
                properties: properties, testcases: testcases,
                systemOut: suite.elements(forName: "system-out").first?.stringValue ?? "")
        }
    }

    private static func attribute(_ element: XMLElement, _ name: String) -> String {
        element.attribute(forName: name)?.stringValue ?? ""
    }
}
