import ArgumentParser

@main
struct Clinval: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "clinval", abstract: "placeholder")
}
