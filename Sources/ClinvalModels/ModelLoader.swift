import ClinvalCore
import Foundation

/// Loads a model file of either kind, choosing by extension: `.json` is a noisy-OR network,
/// `.yaml` or `.yml` an external model's manifest.
public enum ModelLoader {
    /// The accepted extensions, for messages.
    public static let acceptedExtensions = [".json", ".yaml", ".yml"]

    /// Reads, parses and checks a model file, adding every problem to `diagnostics`.
    ///
    /// A file that cannot be read or parsed gives one error; otherwise every problem is reported.
    ///
    /// - Parameters:
    ///   - path: the file, as the user named it (diagnostics use it unchanged).
    ///   - diagnostics: where errors and warnings go.
    /// - Returns: the model, or `nil` if any error was found.
    public static func load(_ path: String, diagnostics: inout DiagnosticList) -> ModelFile? {
        let fileExtension = (path as NSString).pathExtension.lowercased()
        switch fileExtension {
        case "json":
            do {
                let source = try SourceFile.read(path, limits: .model)
                return NoisyORParser.parse(source, diagnostics: &diagnostics).map(ModelFile.noisyOR)
            } catch {
                diagnostics.append(error.diagnostic(file: path))
                return nil
            }
        case "yaml", "yml":
            do {
                let source = try SourceFile.read(path, limits: .configuration)
                return ManifestParser.parse(source, diagnostics: &diagnostics).map(ModelFile.external)
            } catch {
                diagnostics.append(error.diagnostic(file: path))
                return nil
            }
        default:
            let found = fileExtension.isEmpty ? "no extension" : "extension \(quoted("." + fileExtension))"
            diagnostics.error(
                "not a model file (\(found)); expected .json (a noisy-OR network) or .yaml/.yml (an external model manifest)",
                at: InputLocation(file: path))
            return nil
        }
    }
}
