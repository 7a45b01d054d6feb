extension StoreMigrations {
    /// The review server's accounts, migration `v5` (docs/database.md).
    ///
    /// `users.name` is unique without regard to ASCII case (`COLLATE NOCASE`), so `Ada` and `ada`
    /// cannot be two people. `password_hash` holds a bcrypt hash (`$2b$…`), never a password.
    /// Accounts are disabled, never deleted: the records a user made keep naming them.
    static let v5 = """
        CREATE TABLE users (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (name <> ''),
            permission TEXT NOT NULL CHECK (permission IN ('reviewer', 'approver', 'admin')),
            signing_role TEXT CHECK (signing_role IS NULL OR signing_role <> ''),
            password_hash TEXT NOT NULL CHECK (password_hash GLOB '$2[aby]$*'),
            disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        """
}
