import ArgumentParser
import ClinvalPipeline

extension Clinval {
    /// `clinval users add|list|disable|passwd`: the review server's accounts.
    struct Users: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Manage the review server's accounts.",
            discussion: """
                A password is read from the terminal (twice, without echo) or, when standard input is \
                not a terminal, as one line of it; never from an argument. It needs at least 12 \
                characters. Exits 0 when done, 2 for invalid input (nothing changed).
                """,
            subcommands: [Add.self, List.self, Disable.self, Passwd.self])

        /// `clinval users add --db PATH NAME [--role R] [--signing-role ROLE]`.
        struct Add: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Add an account.")

            @Option(help: "The SQLite database.")
            var db: String = RunRequest.defaultDatabase
            @Argument(help: "The sign-in name, also the name the user's records carry.")
            var name: String
            @Option(help: "reviewer (default), approver or admin.")
            var role: String?
            @Option(name: .customLong("signing-role"), help: "The job title signatures carry, such as clinical-safety-officer.")
            var signingRole: String?

            func run() throws {
                let typed = try PasswordInput.read()
                let account = try UsersCommand.add(
                    UsersCommand.AddRequest(database: db, name: name, role: role, signingRole: signingRole),
                    password: typed)
                Console.print("Added user \(account.name) (\(account.permission.rawValue)).")
            }
        }

        /// `clinval users list --db PATH`.
        struct List: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List the accounts.")

            @Option(help: "The SQLite database.")
            var db: String = RunRequest.defaultDatabase

            func run() throws {
                UsersCommand.listing(try UsersCommand.list(database: db)).forEach(Console.print)
            }
        }

        /// `clinval users disable --db PATH NAME`.
        struct Disable: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Disable an account; its records keep its name.")

            @Option(help: "The SQLite database.")
            var db: String = RunRequest.defaultDatabase
            @Argument(help: "The account's name.")
            var name: String

            func run() throws {
                let account = try UsersCommand.disable(database: db, name: name)
                Console.print("Disabled user \(account.name).")
            }
        }

        /// `clinval users passwd --db PATH NAME`.
        struct Passwd: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Set an account's password.")

            @Option(help: "The SQLite database.")
            var db: String = RunRequest.defaultDatabase
            @Argument(help: "The account's name.")
            var name: String

            func run() throws {
                let typed = try PasswordInput.read()
                let account = try UsersCommand.passwd(database: db, name: name, password: typed)
                Console.print("Set the password of user \(account.name).")
            }
        }
    }
}
