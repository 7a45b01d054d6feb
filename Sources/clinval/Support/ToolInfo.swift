/// The tool's version, recorded with every run.
enum ToolInfo {
    static let version = "0.1.0"
}
