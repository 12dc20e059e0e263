//! The process-level part of issue 12's battery: real `zhengwu serve` processes killed with
//! SIGKILL while appeals are in flight (`crash`), backed up and restored into a fresh data
//! directory or database (`backup`), and two of them sharing one PostgreSQL database
//! (`two_nodes`). This file holds what they share: a data directory or fresh PostgreSQL
//! database ([`Target`]), a server process that is always killed ([`Server`]), a minimal
//! HTTP/1.1 client and the public appeal form.

mod backup;
mod crash;
mod two_nodes;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use platform::db::Db;
use platform::testing::PG_URL_VAR;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpStream;

/// The data key of every process these tests start (32 hex digits, like production's).
pub const KEY: &str = "6a1f0c9e3b7d25481fe0a9c3d6b27e54";

/// How long a server may take to migrate, seed the demo and answer its health check.
const START_LIMIT: Duration = Duration::from_secs(120);
const REQUEST_LIMIT: Duration = Duration::from_secs(30);

fn unique(prefix: &str) -> String {
    format!("{prefix}{}", hex::encode(rand::random::<[u8; 5]>()))
}

/// A fresh PostgreSQL database of its own, dropped when the test ends.
pub struct PgDatabase {
    pub name: String,
    pub url: String,
    admin_url: String,
}

impl PgDatabase {
    /// A new, empty database on the server of `ZHENGWU_TEST_DATABASE_URL`, or `None` (with a
    /// note) when the variable is unset.
    pub async fn create() -> Option<PgDatabase> {
        let Some(admin_url) = std::env::var(PG_URL_VAR).ok().filter(|url| !url.is_empty()) else {
            eprintln!("note: {PG_URL_VAR} not set; PostgreSQL half of this test skipped");
            return None;
        };
        let name = unique("zw_battery_");
        let admin = Db::connect(&admin_url)
            .await
            .expect("PostgreSQL test server unreachable");
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .execute(&admin.pool)
            .await
            .expect("create a fresh database");
        admin.pool.close().await;
        let url = database_url(&admin_url, &name);
        Some(PgDatabase {
            name,
            url,
            admin_url,
        })
    }
}

/// `base` with its database name replaced by `name` (its query string kept).
fn database_url(base: &str, name: &str) -> String {
    let (address, query) = match base.split_once('?') {
        Some((address, query)) => (address, Some(query)),
        None => (base, None),
    };
    let server = address
        .rsplit_once('/')
        .map_or(address, |(server, _database)| server);
    match query {
        Some(query) => format!("{server}/{name}?{query}"),
        None => format!("{server}/{name}"),
    }
}

impl Drop for PgDatabase {
    fn drop(&mut self) {
        let (admin_url, name) = (self.admin_url.clone(), self.name.clone());
        // Its own runtime on its own thread: Drop may run inside the test's runtime.
        let dropped = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .ok()?;
            runtime.block_on(async {
                let admin = Db::connect(&admin_url).await.ok()?;
                sqlx::query(sqlx::AssertSqlSafe(format!(
                    "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
                )))
                .execute(&admin.pool)
                .await
                .ok()?;
                admin.pool.close().await;
                Some(())
            })
        })
        .join();
        if !matches!(dropped, Ok(Some(()))) {
            eprintln!("note: test database {} was not dropped", self.name);
        }
    }
}

/// Where a server keeps its data: a data directory (logs, uploads, and the SQLite database
/// unless `pg` is set), and a PostgreSQL database of its own when `pg` is set.
pub struct Target {
    pub dir: PathBuf,
    pub pg: Option<PgDatabase>,
    pub key: String,
}

impl Target {
    pub fn sqlite(name: &str) -> Target {
        Self::in_dir(name, None)
    }

    pub fn postgres(name: &str, pg: PgDatabase) -> Target {
        Self::in_dir(name, Some(pg))
    }

    fn in_dir(name: &str, pg: Option<PgDatabase>) -> Target {
        let dir = std::env::temp_dir().join(unique(&format!("zhengwu-{name}-")));
        std::fs::create_dir_all(&dir).unwrap();
        Target {
            dir,
            pg,
            key: KEY.into(),
        }
    }

    pub fn backend(&self) -> &'static str {
        if self.pg.is_some() {
            "PostgreSQL"
        } else {
            "SQLite"
        }
    }

    pub fn database_url(&self) -> String {
        match &self.pg {
            Some(pg) => pg.url.clone(),
            None => format!("sqlite://{}", self.dir.join("zhengwu.db").display()),
        }
    }

    /// A `zhengwu` command on this target, with the test's environment and nothing of the
    /// developer's.
    pub fn command(&self) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_zhengwu"));
        command
            .arg("--data")
            .arg(&self.dir)
            .env("RUST_LOG", "warn")
            .env_remove("ZHENGWU_SMTP_URL")
            .env("ZHENGWU_DATA_KEY", &self.key)
            .env("ZHENGWU_INSECURE_COOKIES", "1")
            .env("ZHENGWU_TRUSTED_PROXIES", "127.0.0.1");
        match &self.pg {
            Some(pg) => command.env("DATABASE_URL", &pg.url),
            None => command.env_remove("DATABASE_URL"),
        };
        command
    }

    /// Runs an administrator's command to its end.
    pub fn run(&self, args: &[&str]) -> Output {
        self.command().args(args).output().unwrap()
    }

    /// `zhengwu audit verify` passes; returns what it printed.
    pub fn verify_audit_chain(&self) -> String {
        let verify = self.run(&["audit", "verify"]);
        let stdout = text(&verify.stdout);
        assert!(
            verify.status.success(),
            "audit verify on {}: {stdout}{}",
            self.backend(),
            text(&verify.stderr)
        );
        stdout.trim().to_owned()
    }

    /// A connection pool of the test's own to the target's database.
    pub async fn db(&self) -> Db {
        Db::connect(&self.database_url()).await.unwrap()
    }
}

impl Drop for Target {
    fn drop(&mut self) {
        // A failed test keeps its directory (server logs) for whoever reads the failure.
        if !std::thread::panicking() {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A `zhengwu serve` process, killed (SIGKILL) when dropped so that no test leaves one
/// running.
pub struct Server {
    child: Child,
    pub addr: SocketAddr,
    log: PathBuf,
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl Server {
    /// Starts `zhengwu serve` on `target` and waits until `GET /api/v1/health` answers 200.
    pub async fn start(target: &Target, name: &str) -> Server {
        for attempt in 0..3 {
            let addr: SocketAddr = format!("127.0.0.1:{}", free_port()).parse().unwrap();
            let log = target.dir.join(format!("{name}-{attempt}.log"));
            let out = std::fs::File::create(&log).unwrap();
            let child = target
                .command()
                .args(["serve", "--addr", &addr.to_string()])
                .stdin(Stdio::null())
                .stdout(out.try_clone().unwrap())
                .stderr(out)
                .spawn()
                .unwrap();
            let mut server = Server { child, addr, log };
            match server.wait_healthy().await {
                Ok(()) => return server,
                // Another test took the port between our probe and the bind: try another.
                Err(log) if log.contains("无法监听") => continue,
                Err(log) => panic!("{name} on {} did not start:\n{log}", target.backend()),
            }
        }
        panic!("{name}: no free port after three attempts");
    }

    async fn wait_healthy(&mut self) -> Result<(), String> {
        let started = Instant::now();
        while started.elapsed() < START_LIMIT {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Err(format!("exited with {status}:\n{}", self.log_text()));
            }
            if let Ok(response) = get(self.addr, "/api/v1/health", &[]).await
                && response.status == 200
            {
                return Ok(());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        Err(format!(
            "no health answer in {START_LIMIT:?}:\n{}",
            self.log_text()
        ))
    }

    /// Everything the process printed: the demo accounts, its address, warnings and errors.
    pub fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// SIGKILL: the process gets no chance to finish anything.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

/// A response of the minimal client.
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }
}

/// One request on its own connection (`Connection: close`), within [`REQUEST_LIMIT`].
pub async fn request(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    form: Option<&str>,
) -> std::io::Result<Response> {
    let exchange = async {
        let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
        for (name, value) in headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        if let Some(body) = form {
            head.push_str(&format!(
                "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n",
                body.len()
            ));
        }
        head.push_str("\r\n");
        head.push_str(form.unwrap_or_default());
        let mut stream = TcpStream::connect(addr).await?;
        stream.write_all(head.as_bytes()).await?;
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).await?;
        parse_response(&raw)
    };
    tokio::time::timeout(REQUEST_LIMIT, exchange)
        .await
        .unwrap_or_else(|_| Err(std::io::ErrorKind::TimedOut.into()))
}

pub async fn get(
    addr: SocketAddr,
    path: &str,
    headers: &[(&str, &str)],
) -> std::io::Result<Response> {
    request(addr, "GET", path, headers, None).await
}

fn parse_response(raw: &[u8]) -> std::io::Result<Response> {
    let broken = || std::io::Error::from(std::io::ErrorKind::UnexpectedEof);
    let end = raw
        .windows(4)
        .position(|window| window == b"\r\n\r\n")
        .ok_or_else(broken)?;
    let head = String::from_utf8_lossy(&raw[..end]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|line| line.split_whitespace().nth(1))
        .and_then(|code| code.parse().ok())
        .ok_or_else(broken)?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_owned(), value.trim().to_owned()))
        .collect();
    let mut body = raw[end + 4..].to_vec();
    let chunked = headers.iter().any(|(name, value)| {
        name.eq_ignore_ascii_case("transfer-encoding") && value.contains("chunked")
    });
    let length = headers
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, value)| value.parse::<usize>().ok());
    if chunked {
        body = dechunk(&body).ok_or_else(broken)?;
    } else if let Some(length) = length {
        // A response cut short (the server killed while sending it) is no answer.
        body = body.get(..length).ok_or_else(broken)?.to_vec();
    }
    Ok(Response {
        status,
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
    })
}

fn dechunk(mut rest: &[u8]) -> Option<Vec<u8>> {
    let mut body = Vec::new();
    loop {
        let line_end = rest.windows(2).position(|window| window == b"\r\n")?;
        let size_text = std::str::from_utf8(&rest[..line_end]).ok()?;
        let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
        rest = rest.get(line_end + 2..)?;
        if size == 0 {
            return Some(body);
        }
        body.extend_from_slice(rest.get(..size)?);
        rest = rest.get(size + 2..)?;
    }
}

/// Percent-encodes a form value.
pub fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// The text between `before` and the next `after` in `page`.
pub fn between<'a>(page: &'a str, before: &str, after: &str) -> Option<&'a str> {
    let start = page.find(before)? + before.len();
    let len = page[start..].find(after)?;
    Some(&page[start..start + len])
}

/// The first `name=value` of a `Set-Cookie` header in `response` whose name ends in `suffix`.
pub fn set_cookie(response: &Response, suffix: &str) -> Option<String> {
    response
        .headers
        .iter()
        .filter(|(name, _)| name.eq_ignore_ascii_case("set-cookie"))
        .filter_map(|(_, value)| value.split(';').next())
        .find(|pair| {
            pair.split_once('=')
                .is_some_and(|(name, _)| name.ends_with(suffix))
        })
        .map(str::to_owned)
}

/// A citizen's browser on the public appeal form: the CSRF cookie the form page set and the
/// token the page carries (scraped, as a browser would use them).
#[derive(Clone)]
pub struct PublicForm {
    pub cookie: String,
    pub token: String,
}

impl PublicForm {
    pub async fn open(addr: SocketAddr) -> PublicForm {
        let page = get(addr, "/hotline", &[]).await.unwrap();
        assert_eq!(page.status, 200, "{}", page.body);
        let cookie = set_cookie(&page, "zw_csrf").expect("the form page sets the CSRF cookie");
        let token = between(&page.body, r#"<meta name="csrf-token" content=""#, "\"")
            .expect("the form page carries its token")
            .to_owned();
        PublicForm { cookie, token }
    }
}

/// An appeal as these tests file it: `index` makes its text, its phone and the client
/// address it comes from unique (the server believes `X-Forwarded-For` from 127.0.0.1, so
/// each appeal is a different citizen for the rate limit of five a minute per address).
pub struct Appeal<'a> {
    pub marker: &'a str,
    pub index: u32,
}

impl Appeal<'_> {
    pub fn content(&self) -> String {
        format!(
            "{} 第 {} 件：小区门口路灯不亮，请尽快维修",
            self.marker, self.index
        )
    }

    pub fn phone(&self) -> String {
        format!("139{:08}", self.index)
    }

    fn client(&self) -> String {
        let i = self.index;
        format!("10.{}.{}.{}", (i >> 16) & 255, (i >> 8) & 255, i & 255)
    }

    /// Files the appeal; `Ok(Some(number))` when the server acknowledged it (200 with the
    /// number), `Ok(None)` with the status otherwise, `Err` when the exchange broke.
    pub async fn submit(
        &self,
        addr: SocketAddr,
        form: &PublicForm,
    ) -> std::io::Result<Result<String, u16>> {
        let body = format!(
            "_csrf={}&category=consultation_help&content={}&location={}&name={}&phone={}&address=",
            encode(&form.token),
            encode(&self.content()),
            encode("建设路 1 号"),
            encode("张三"),
            self.phone(),
        );
        let client = self.client();
        let response = request(
            addr,
            "POST",
            "/hotline",
            &[("Cookie", &form.cookie), ("X-Forwarded-For", &client)],
            Some(&body),
        )
        .await?;
        let number = between(&response.body, r#"id="appeal-number">"#, "<");
        Ok(match (response.status, number) {
            (200, Some(number)) => Ok(number.to_owned()),
            (status, _) => Err(status),
        })
    }
}

/// Every table of the database and, per table, its rows as text, sorted: what a restore
/// must reproduce exactly.
pub async fn table_contents(db: &Db) -> Vec<(String, Vec<String>)> {
    use sqlx::Row as _;
    let postgres = db.backend == platform::db::Backend::Postgres;
    let list = if postgres {
        "SELECT table_name::text AS name FROM information_schema.tables \
         WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name"
    } else {
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_stat%' \
         ORDER BY name"
    };
    let names: Vec<String> = sqlx::query(list)
        .fetch_all(&db.pool)
        .await
        .unwrap()
        .iter()
        .map(|row| row.try_get("name").unwrap())
        .collect();
    let mut tables = Vec::new();
    for name in names {
        let select = if postgres {
            format!("SELECT t::text AS r FROM \"{name}\" t")
        } else {
            let columns: Vec<String> = sqlx::query("SELECT name FROM pragma_table_info($1)")
                .bind(&name)
                .fetch_all(&db.pool)
                .await
                .unwrap()
                .iter()
                .map(|row| format!("quote(\"{}\")", row.try_get::<String, _>("name").unwrap()))
                .collect();
            format!(
                "SELECT {} AS r FROM \"{name}\"",
                columns.join(" || '|' || ")
            )
        };
        let mut rows: Vec<String> = sqlx::query(sqlx::AssertSqlSafe(select))
            .fetch_all(&db.pool)
            .await
            .unwrap()
            .iter()
            .map(|row| row.try_get("r").unwrap())
            .collect();
        rows.sort_unstable();
        tables.push((name, rows));
    }
    tables
}

/// The path of a file in `dir`, as text for a command line.
pub fn path_arg(dir: &Path, file: &str) -> String {
    dir.join(file).to_str().unwrap().to_owned()
}
