//! `sharing_rows` (migration 0056): the rows of a table resource hosted by the platform, one
//! text column per field of the dictionary in its order (`f0` … `f15`). A replacement is one
//! transaction (nothing half-imported); a page is one query over the granted columns with
//! equality filters on granted fields, every value bound.

use platform::Result;
use platform::db::{Db, Tx};
use sqlx::Row as _;

use crate::entry::MAX_FIELDS;

/// Rows per INSERT statement.
const CHUNK: usize = 50;

/// The column of the field at `index` of the dictionary (code-made, never user text).
pub fn column(index: usize) -> String {
    format!("f{index}")
}

/// Replaces every row of resource `key` by `rows` (cells in dictionary order) in `tx`.
pub async fn replace(tx: &mut Tx, key: i64, rows: &[Vec<String>]) -> Result<u64> {
    sqlx::query("DELETE FROM sharing_rows WHERE resource_id = $1")
        .bind(key)
        .execute(&mut **tx)
        .await?;
    append(tx, key, 1, rows).await
}

/// Appends `rows` numbered from `first_row_no` (the bench's bulk load uses it directly).
pub async fn append(tx: &mut Tx, key: i64, first_row_no: i64, rows: &[Vec<String>]) -> Result<u64> {
    let columns: Vec<String> = (0..MAX_FIELDS).map(column).collect();
    let per_row = 2 + MAX_FIELDS;
    let mut row_no = first_row_no;
    for chunk in rows.chunks(CHUNK) {
        let values: Vec<String> = (0..chunk.len())
            .map(|i| {
                let p: Vec<String> = (1..=per_row)
                    .map(|k| format!("${}", i * per_row + k))
                    .collect();
                format!("({})", p.join(", "))
            })
            .collect();
        let sql = format!(
            "INSERT INTO sharing_rows (resource_id, row_no, {}) VALUES {}",
            columns.join(", "),
            values.join(", ")
        );
        let mut insert = sqlx::query(sqlx::AssertSqlSafe(sql));
        for cells in chunk {
            insert = insert.bind(key).bind(row_no);
            row_no += 1;
            for index in 0..MAX_FIELDS {
                insert = insert.bind(cells.get(index).cloned());
            }
        }
        insert.execute(&mut **tx).await?;
    }
    Ok(u64::try_from(rows.len()).unwrap_or(u64::MAX))
}

/// One page: the columns `select` (dictionary indexes) of the rows of `key` whose columns
/// equal the `filters` values, in row order.
pub async fn page(
    db: &Db,
    key: i64,
    select: &[usize],
    filters: &[(usize, String)],
    limit: i64,
    offset: i64,
) -> Result<Vec<Vec<Option<String>>>> {
    let mut sql = format!(
        "SELECT {} FROM sharing_rows WHERE resource_id = $1",
        select
            .iter()
            .map(|i| column(*i))
            .collect::<Vec<_>>()
            .join(", ")
    );
    for (n, (index, _)) in filters.iter().enumerate() {
        sql.push_str(&format!(" AND {} = ${}", column(*index), n + 2));
    }
    let next = filters.len() + 2;
    sql.push_str(&format!(
        " ORDER BY row_no LIMIT ${next} OFFSET ${}",
        next + 1
    ));
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(key);
    for (_, value) in filters {
        query = query.bind(value.clone());
    }
    let rows = query.bind(limit).bind(offset).fetch_all(&db.pool).await?;
    rows.iter()
        .map(|row| {
            (0..select.len())
                .map(|i| row.try_get::<Option<String>, _>(i).map_err(Into::into))
                .collect()
        })
        .collect()
}

/// How many rows resource `key` hosts.
pub async fn count(db: &Db, key: i64) -> Result<i64> {
    let row = sqlx::query("SELECT COUNT(*) AS n FROM sharing_rows WHERE resource_id = $1")
        .bind(key)
        .fetch_one(&db.pool)
        .await?;
    Ok(row.try_get("n")?)
}
