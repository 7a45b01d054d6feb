import CLibXML2

/// A thin wrapper around libxml2's `xmlTextWriter` writing an indented UTF-8 document to memory.
///
/// libxml2 escapes markup characters in content and attribute values; callers remove characters
/// XML forbids beforehand (``ReportText/clean(_:limit:suffix:)``). The first failure of any call
/// is remembered and reported by ``finish()``.
final class XMLTextWriter {
    private let buffer: xmlBufferPtr?
    private var writer: xmlTextWriterPtr?
    private var failed = false

    /// libxml2 must be initialised once before any concurrent use (its global state is set up
    /// lazily and not thread-safe otherwise).
    private static let initializeOnce: Void = {
        xmlInitParser()
    }()

    init() {
        XMLTextWriter.initializeOnce
        buffer = xmlBufferCreate()
        writer = buffer.flatMap { xmlNewTextWriterMemory($0, 0) }
        guard let writer else {
            failed = true
            return
        }
        check(xmlTextWriterSetIndent(writer, 1))
        check(Self.withXMLChars("  ") { xmlTextWriterSetIndentString(writer, $0) })
        check(xmlTextWriterStartDocument(writer, "1.0", "UTF-8", nil))
    }

    deinit {
        if let writer { xmlFreeTextWriter(writer) }
        if let buffer { xmlBufferFree(buffer) }
    }

    /// Opens an element.
    func start(_ name: String) {
        guard let writer else { return }
        check(Self.withXMLChars(name) { xmlTextWriterStartElement(writer, $0) })
    }

    /// Writes an attribute of the element just opened.
    func attribute(_ name: String, _ value: String) {
        guard let writer else { return }
        check(Self.withXMLChars(name) { namePointer in
            Self.withXMLChars(value) { xmlTextWriterWriteAttribute(writer, namePointer, $0) }
        })
    }

    /// Writes text content (escaped by libxml2).
    func text(_ content: String) {
        guard let writer, !content.isEmpty else { return }
        check(Self.withXMLChars(content) { xmlTextWriterWriteString(writer, $0) })
    }

    /// Closes the innermost open element (as `<a/>` when it is empty).
    func end() {
        guard let writer else { return }
        check(xmlTextWriterEndElement(writer))
    }

    /// Closes every open element, ends the document and returns its text.
    ///
    /// - Throws: ``ReportError`` when libxml2 reported a failure.
    func finish() throws(ReportError) -> String {
        guard let writer, let buffer else { throw ReportError("libxml2 could not create an XML writer") }
        check(xmlTextWriterEndDocument(writer))
        xmlFreeTextWriter(writer)
        self.writer = nil
        guard !failed else { throw ReportError("libxml2 failed while writing junit.xml") }
        let length = Int(xmlBufferLength(buffer))
        guard length > 0, let content = xmlBufferContent(buffer) else { return "" }
        return String(decoding: UnsafeBufferPointer(start: content, count: length), as: UTF8.self)
    }

    private func check(_ result: Int32) {
        if result < 0 { failed = true }
    }

    private static func withXMLChars<R>(_ text: String, _ body: (UnsafePointer<xmlChar>) -> R) -> R {
        text.withCString { pointer in
            pointer.withMemoryRebound(to: xmlChar.self, capacity: text.utf8.count + 1, body)
        }
    }
}
