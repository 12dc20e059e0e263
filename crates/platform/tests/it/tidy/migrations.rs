//! Tidy: the SQLite and PostgreSQL migration of each number come in pairs of the same name and
//! define the same tables and columns, each column of the same type once the dialects' type
//! names are normalised (`INTEGER`/`BIGINT` → integer, `BLOB`/`BYTEA` → bytes …). The parser
//! is rough on purpose: `CREATE TABLE name (col type …, …)`, `ALTER TABLE name ADD COLUMN col
//! type`, `ALTER TABLE name RENAME COLUMN old TO new` (other renames are reported unread) and
//! `DROP TABLE name`, comments removed.

use std::collections::BTreeMap;

use super::{files, report};

/// Table → column → normalised type, after applying a folder's migrations in order.
type Schema = BTreeMap<String, BTreeMap<String, String>>;

/// Words that open a table constraint rather than a column.
const CONSTRAINTS: &[&str] = &["PRIMARY", "UNIQUE", "FOREIGN", "CHECK", "CONSTRAINT"];

/// The dialect-neutral name of a column type.
fn normalise(sql_type: &str) -> String {
    let upper = sql_type.to_ascii_uppercase();
    let base = upper.split('(').next().unwrap_or("").trim();
    match base {
        "INTEGER" | "INT" | "BIGINT" | "SMALLINT" | "INT8" | "INT4" | "BOOLEAN" | "BOOL" => {
            "integer"
        }
        "TEXT" | "VARCHAR" | "CHARACTER VARYING" | "CHAR" => "text",
        "BLOB" | "BYTEA" => "bytes",
        "REAL" | "DOUBLE PRECISION" | "DOUBLE" | "FLOAT" | "FLOAT8" | "NUMERIC" => "real",
        other => other,
    }
    .to_owned()
}

/// The text without `--` comments (none of the migrations puts `--` inside a string).
fn strip_comments(sql: &str) -> String {
    sql.lines()
        .map(|line| line.split("--").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Splits at the commas not inside parentheses.
fn top_level_items(body: &str) -> Vec<String> {
    let mut items = Vec::new();
    let mut depth = 0_i32;
    let mut current = String::new();
    for c in body.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth == 0 => {
                items.push(std::mem::take(&mut current));
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    items.push(current);
    items
        .into_iter()
        .map(|item| item.trim().to_owned())
        .filter(|item| !item.is_empty())
        .collect()
}

/// A column definition's (name, normalised type); `None` for a table constraint.
fn column(definition: &str) -> Option<(String, String)> {
    let mut words = definition.split_whitespace();
    let name = words.next()?.trim_matches('"').to_ascii_lowercase();
    if CONSTRAINTS.contains(&name.to_ascii_uppercase().as_str()) {
        return None;
    }
    let first = words.next().unwrap_or("");
    let sql_type =
        if first.eq_ignore_ascii_case("DOUBLE") || first.eq_ignore_ascii_case("CHARACTER") {
            format!("{first} {}", words.next().unwrap_or(""))
        } else {
            first.to_owned()
        };
    Some((name, normalise(&sql_type)))
}

/// The name after `keyword` in `statement` (case-insensitive), lower-cased, without `IF NOT
/// EXISTS` / `IF EXISTS`.
fn name_after(statement: &str, keyword: &str) -> Option<String> {
    let upper = statement.to_ascii_uppercase();
    let at = upper.find(keyword)? + keyword.len();
    let mut rest = statement[at..].trim_start();
    for skip in ["IF NOT EXISTS", "IF EXISTS"] {
        if rest.to_ascii_uppercase().starts_with(skip) {
            rest = rest[skip.len()..].trim_start();
        }
    }
    let name: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '"')
        .collect();
    Some(name.trim_matches('"').to_ascii_lowercase())
}

/// Applies one migration file's statements to `schema`; returns what it could not read.
fn apply(schema: &mut Schema, sql: &str) -> Vec<String> {
    let mut unread = Vec::new();
    for statement in strip_comments(sql).split(';') {
        let statement = statement.split_whitespace().collect::<Vec<_>>().join(" ");
        let upper = statement.to_ascii_uppercase();
        if upper.starts_with("CREATE TABLE") {
            let (Some(name), Some(open), Some(close)) = (
                name_after(&statement, "CREATE TABLE"),
                statement.find('('),
                statement.rfind(')'),
            ) else {
                unread.push(statement);
                continue;
            };
            let columns = top_level_items(&statement[open + 1..close])
                .iter()
                .filter_map(|item| column(item))
                .collect();
            schema.insert(name, columns);
        } else if upper.starts_with("ALTER TABLE") && upper.contains(" ADD COLUMN ") {
            let Some(table) = name_after(&statement, "ALTER TABLE") else {
                unread.push(statement);
                continue;
            };
            let at = upper.find(" ADD COLUMN ").unwrap_or(0) + " ADD COLUMN ".len();
            let definition = statement[at..].trim_start();
            let definition = definition
                .strip_prefix("IF NOT EXISTS ")
                .unwrap_or(definition);
            if let Some((name, sql_type)) = column(definition) {
                schema.entry(table).or_default().insert(name, sql_type);
            }
        } else if upper.starts_with("ALTER TABLE") && upper.contains(" RENAME COLUMN ") {
            // `ALTER TABLE t RENAME COLUMN old TO new`: the column keeps its type.
            let words: Vec<String> = statement
                .split(' ')
                .map(|word| word.trim_matches('"').to_ascii_lowercase())
                .collect();
            let renamed = match words.as_slice() {
                [_, _, table, _, _, old, to, new] if to == "to" => schema
                    .get_mut(table)
                    .and_then(|columns| Some((columns.remove(old)?, columns)))
                    .map(|(sql_type, columns)| columns.insert(new.clone(), sql_type)),
                _ => None,
            };
            if renamed.is_none() {
                unread.push(statement);
            }
        } else if upper.starts_with("ALTER TABLE") && upper.contains(" RENAME ") {
            // Other renames are rare enough to be read by a person: say so rather than guess.
            unread.push(statement);
        } else if upper.starts_with("DROP TABLE")
            && let Some(name) = name_after(&statement, "DROP TABLE")
        {
            schema.remove(&name);
        }
    }
    unread
}

/// `(number, name)` → text of each migration of a folder.
fn folder(backend: &str) -> BTreeMap<String, String> {
    files(&format!("migrations/{backend}"), &[".sql"])
        .into_iter()
        .map(|(path, text)| (path.rsplit('/').next().unwrap_or("").to_owned(), text))
        .collect()
}

/// The columns one schema has and the other lacks or types differently, one line each.
fn differences(file: &str, sqlite: &Schema, postgres: &Schema) -> Vec<String> {
    let mut out = Vec::new();
    let tables: std::collections::BTreeSet<&String> =
        sqlite.keys().chain(postgres.keys()).collect();
    for table in tables {
        match (sqlite.get(table), postgres.get(table)) {
            (Some(_), None) => out.push(format!("{file}: table {table} only in sqlite")),
            (None, Some(_)) => out.push(format!("{file}: table {table} only in postgres")),
            (Some(left), Some(right)) => {
                let columns: std::collections::BTreeSet<&String> =
                    left.keys().chain(right.keys()).collect();
                for column in columns {
                    match (left.get(column), right.get(column)) {
                        (Some(a), Some(b)) if a != b => out.push(format!(
                            "{file}: {table}.{column} is {a} in sqlite, {b} in postgres"
                        )),
                        (Some(_), None) => {
                            out.push(format!("{file}: {table}.{column} only in sqlite"));
                        }
                        (None, Some(_)) => {
                            out.push(format!("{file}: {table}.{column} only in postgres"));
                        }
                        _ => {}
                    }
                }
            }
            (None, None) => {}
        }
    }
    out
}

#[test]
fn tidy_sqlite_and_postgres_migrations_define_the_same_tables_and_columns() {
    let sqlite = folder("sqlite");
    let postgres = folder("postgres");
    let mut offenders = Vec::new();
    for name in sqlite.keys().filter(|name| !postgres.contains_key(*name)) {
        offenders.push(format!(
            "migrations/sqlite/{name}: no migrations/postgres/{name}"
        ));
    }
    for name in postgres.keys().filter(|name| !sqlite.contains_key(*name)) {
        offenders.push(format!(
            "migrations/postgres/{name}: no migrations/sqlite/{name}"
        ));
    }
    let mut numbers: BTreeMap<&str, Vec<&String>> = BTreeMap::new();
    for name in sqlite.keys().chain(postgres.keys()) {
        let entry = numbers.entry(name.get(..4).unwrap_or(name)).or_default();
        if !entry.contains(&name) {
            entry.push(name);
        }
    }
    for (number, names) in &numbers {
        if names.len() > 1 {
            offenders.push(format!("migrations/*/{number}_*: several names {names:?}"));
        }
    }
    let (mut left, mut right) = (Schema::new(), Schema::new());
    let mut tables = 0;
    for (name, sqlite_text) in &sqlite {
        let Some(postgres_text) = postgres.get(name) else {
            continue;
        };
        for statement in apply(&mut left, sqlite_text) {
            offenders.push(format!(
                "migrations/sqlite/{name}: cannot read `{statement}`"
            ));
        }
        for statement in apply(&mut right, postgres_text) {
            offenders.push(format!(
                "migrations/postgres/{name}: cannot read `{statement}`"
            ));
        }
        offenders.extend(differences(&format!("migrations/*/{name}"), &left, &right));
        // Report each difference once, at the first migration where it shows.
        right.clone_from(&left);
        tables = left.len();
    }
    assert!(tables > 20, "only {tables} tables read from the migrations");
    report(
        "the SQLite and PostgreSQL migrations of each number define the same tables and columns",
        &offenders,
    );
}

#[test]
fn tidy_migration_parser_reads_tables_columns_and_added_columns() {
    let mut schema = Schema::new();
    let unread = apply(
        &mut schema,
        "-- a comment, with (parentheses)\nCREATE TABLE t (\n id BIGINT GENERATED BY DEFAULT AS \
         IDENTITY PRIMARY KEY,\n n NUMERIC(10, 2) NOT NULL CHECK (n IN (1, 2)),\n b BYTEA,\n \
         PRIMARY KEY (id, n)\n);\nALTER TABLE t ADD COLUMN s TEXT NOT NULL DEFAULT 'x';\n\
         CREATE INDEX t_n ON t(n);\nALTER TABLE t ADD COLUMN old_name BIGINT;\n\
         ALTER TABLE t RENAME COLUMN old_name TO r;",
    );
    assert!(unread.is_empty(), "{unread:?}");
    let columns: Vec<(&str, &str)> = schema["t"]
        .iter()
        .map(|(name, sql_type)| (name.as_str(), sql_type.as_str()))
        .collect();
    assert_eq!(
        columns,
        [
            ("b", "bytes"),
            ("id", "integer"),
            ("n", "real"),
            ("r", "integer"),
            ("s", "text")
        ]
    );
}

#[test]
fn tidy_migration_comparison_names_each_table_and_column_that_differs() {
    let (mut sqlite, mut postgres) = (Schema::new(), Schema::new());
    apply(
        &mut sqlite,
        "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b BLOB); CREATE TABLE only_s (x TEXT);",
    );
    apply(
        &mut postgres,
        "CREATE TABLE t (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, b TEXT, c TEXT);",
    );
    assert_eq!(
        differences("m.sql", &sqlite, &postgres),
        [
            "m.sql: table only_s only in sqlite",
            "m.sql: t.a only in sqlite",
            "m.sql: t.b is bytes in sqlite, text in postgres",
            "m.sql: t.c only in postgres",
        ]
    );
}
