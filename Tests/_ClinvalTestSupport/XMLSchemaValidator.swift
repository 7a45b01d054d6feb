import CLibXML2
import Foundation

/// Validates XML documents against an XSD with libxml2 (FoundationXML validates DTDs only).
///
/// Used to check that clinval's JUnit output is accepted by both shipped JUnit schemas.
public final class XMLSchemaValidator: @unchecked Sendable {
    private let schema: xmlSchemaPtr
    private let lock = NSLock()

    /// Why a schema or document was rejected.
    public struct Failure: Error, CustomStringConvertible {
        /// libxml2's messages, one per problem.
        public var messages: [String]
        public var description: String { messages.joined(separator: "\n") }
    }

    /// Loads and compiles an XSD file.
    public init(schemaPath: String) throws {
        XMLSchemaValidator.initializeOnce
        guard let parserContext = xmlSchemaNewParserCtxt(schemaPath) else {
            throw Failure(messages: ["cannot open schema \(schemaPath)"])
        }
        defer { xmlSchemaFreeParserCtxt(parserContext) }
        let collector = MessageCollector()
        xmlSchemaSetParserStructuredErrors(parserContext, collectMessage, Unmanaged.passUnretained(collector).toOpaque())
        guard let schema = xmlSchemaParse(parserContext) else {
            throw Failure(messages: collector.messages.isEmpty ? ["invalid schema \(schemaPath)"] : collector.messages)
        }
        self.schema = schema
    }

    deinit {
        xmlSchemaFree(schema)
    }

    /// Validates a document given as text; returns libxml2's messages (empty when valid).
    public func validate(_ xml: String) -> [String] {
        lock.lock()
        defer { lock.unlock() }
        let bytes = Array(xml.utf8)
        let collector = MessageCollector()
        let context = Unmanaged.passUnretained(collector).toOpaque()
        let document = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { pointer in
                xmlReadMemory(pointer, Int32(buffer.count), "document.xml", nil, Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue))
            }
        }
        guard let document else { return ["not well-formed XML"] }
        defer { xmlFreeDoc(document) }
        guard let validContext = xmlSchemaNewValidCtxt(schema) else { return ["cannot create a validation context"] }
        defer { xmlSchemaFreeValidCtxt(validContext) }
        xmlSchemaSetValidStructuredErrors(validContext, collectMessage, context)
        let result = xmlSchemaValidateDoc(validContext, document)
        if result == 0 { return [] }
        return collector.messages.isEmpty ? ["invalid (libxml2 code \(result))"] : collector.messages
    }

    /// libxml2 must be initialised once before any concurrent use.
    private static let initializeOnce: Void = {
        xmlInitParser()
    }()
}

private final class MessageCollector {
    var messages: [String] = []
}

private let collectMessage: xmlStructuredErrorFunc = { context, error in
    guard let context, let error else { return }
    let collector = Unmanaged<MessageCollector>.fromOpaque(context).takeUnretainedValue()
    let text = error.pointee.message.map { String(cString: $0) } ?? "unknown error"
    collector.messages.append("line \(error.pointee.line): \(text.trimmingCharacters(in: .whitespacesAndNewlines))")
}
