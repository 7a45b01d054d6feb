import ClinvalCore

/// One vignette as a model sees it (docs/model-format.md): an id, the patient's age and sex, and the
/// present and absent evidence codes exactly as the bank lists them (unknown ones included).
public struct ModelRequest: Sendable, Hashable {
    /// `<casebank id>/<vignette id>`, unique in a run; responses are matched by it.
    public var id: String
    /// The patient's age in years.
    public var age: Int
    /// The patient's sex.
    public var sex: Sex
    /// Codes of the findings the patient has, in bank order.
    public var present: [String]
    /// Codes of the findings the patient does not have, in bank order (maybe empty).
    public var absent: [String]

    /// Creates a request.
    public init(id: String, age: Int, sex: Sex, present: [String], absent: [String] = []) {
        self.id = id
        self.age = age
        self.sex = sex
        self.present = present
        self.absent = absent
    }

    /// Creates a request for a vignette of a bank: the id is `<casebankID>/<vignetteID>`.
    public init(casebankID: String, vignetteID: String, age: Int, sex: Sex, present: [String], absent: [String] = []) {
        self.init(id: casebankID + "/" + vignetteID, age: age, sex: sex, present: present, absent: absent)
    }
}

extension ModelRequest {
    /// The request as one line of JSON, without the newline, keys in the order of docs/model-format.md:
    /// `{"id":"red-flags/rf-001","age":58,"sex":"male","present":["E_55","E_57"],"absent":["E_91"]}`.
    public var jsonLine: String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(64 + id.utf8.count + 12 * (present.count + absent.count))
        appendJSON(to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends the request as one line of JSON (without the newline) to `bytes`.
    ///
    /// Strings are escaped as JSON requires: quotes, backslashes and control characters; other
    /// characters are written as UTF-8.
    public func appendJSON(to bytes: inout [UInt8]) {
        bytes.append(contentsOf: #"{"id":"#.utf8)
        JSONText.appendString(id, to: &bytes)
        bytes.append(contentsOf: #","age":"#.utf8)
        bytes.append(contentsOf: String(age).utf8)
        bytes.append(contentsOf: #","sex":"#.utf8)
        JSONText.appendString(sex.rawValue, to: &bytes)
        bytes.append(contentsOf: #","present":"#.utf8)
        JSONText.appendStringArray(present, to: &bytes)
        bytes.append(contentsOf: #","absent":"#.utf8)
        JSONText.appendStringArray(absent, to: &bytes)
        bytes.append(UInt8(ascii: "}"))
    }
}

