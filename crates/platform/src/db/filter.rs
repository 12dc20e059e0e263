//! A search's WHERE clause built from bound values only (issue 14 item 7: the order and case
//! searches): each condition is SQL written by the code with `?` where a value goes; the
//! values are bound in order as `$1…`, so nothing a user typed becomes SQL.

use sqlx::any::AnyArguments;
use sqlx::query::Query;

/// A value of a condition.
pub enum Bind {
    Text(String),
    Int(i64),
}

/// The WHERE conditions and their values, numbered `$1…` in the order they are added.
#[derive(Default)]
pub struct Filter {
    conditions: Vec<String>,
    binds: Vec<Bind>,
}

impl Filter {
    /// Adds `sql`, each `?` in it taking the next of `values` (as many as there are `?`).
    pub fn add(&mut self, sql: &str, values: Vec<Bind>) {
        let mut values = values.into_iter();
        let mut parts = sql.split('?');
        let mut out = parts.next().unwrap_or_default().to_owned();
        for part in parts {
            if let Some(value) = values.next() {
                self.binds.push(value);
            }
            out.push_str(&format!("${}", self.binds.len()));
            out.push_str(part);
        }
        self.conditions.push(out);
    }

    /// `WHERE a AND b …`, or nothing.
    pub fn clause(&self) -> String {
        if self.conditions.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", self.conditions.join(" AND "))
        }
    }

    /// Binds the values to `query` (made from SQL holding [`Filter::clause`]).
    pub fn bind<'q>(
        &self,
        mut query: Query<'q, sqlx::Any, AnyArguments>,
    ) -> Query<'q, sqlx::Any, AnyArguments> {
        for value in &self.binds {
            query = match value {
                Bind::Text(text) => query.bind(text.clone()),
                Bind::Int(n) => query.bind(*n),
            };
        }
        query
    }
}

/// `text` for `LIKE … ESCAPE '\'`: its own `%`, `_` and `\` taken literally.
pub fn like_escaped(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len() + 2);
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_numbered_in_the_order_values_are_added() {
        let mut filter = Filter::default();
        filter.add("a = ?", vec![Bind::Text("x".into())]);
        filter.add("(b = ? OR c = ?)", vec![Bind::Int(1), Bind::Int(1)]);
        assert_eq!(filter.clause(), "WHERE a = $1 AND (b = $2 OR c = $3)");
        assert_eq!(filter.binds.len(), 3);
        assert_eq!(Filter::default().clause(), "");
    }

    #[test]
    fn like_wildcards_typed_by_a_user_are_literal() {
        assert_eq!(like_escaped(r"50%_a\b"), r"50\%\_a\\b");
        assert_eq!(like_escaped("路灯"), "路灯");
    }
}
