//! Runtime configuration: where the data lives, the personal-data key, SMTP, sessions.

use std::path::PathBuf;

/// Everything a `zhengwu` process needs to know that is not in the database.
#[derive(Debug, Clone)]
pub struct Config {
    /// Directory for the SQLite database, the generated data key and uploads.
    pub data_dir: PathBuf,
    /// `postgres://…` or `sqlite://…`; `None` means `sqlite://<data_dir>/zhengwu.db`.
    pub database_url: Option<String>,
    /// Hex-encoded 16-byte SM4 key for personal data (`ZHENGWU_DATA_KEY`); when absent a
    /// key is generated once into `<data_dir>/data.key`.
    pub data_key_hex: Option<String>,
    /// Whether session cookies carry `Secure` (on unless explicitly turned off for plain HTTP
    /// on a non-loopback address during development).
    pub secure_cookies: bool,
    /// SMTP relay (`smtp://host:port`) for e-mail notifications; `None` writes them to the log.
    pub smtp_url: Option<String>,
    pub smtp_from: String,
}

impl Config {
    pub fn new(data_dir: impl Into<PathBuf>) -> Self {
        Self {
            data_dir: data_dir.into(),
            database_url: None,
            data_key_hex: None,
            secure_cookies: true,
            smtp_url: None,
            smtp_from: "zhengwu@localhost".into(),
        }
    }

    /// Reads `DATABASE_URL`, `ZHENGWU_DATA_KEY`, `ZHENGWU_SMTP_URL`, `ZHENGWU_SMTP_FROM` and
    /// `ZHENGWU_INSECURE_COOKIES=1` from the environment on top of `data_dir`.
    pub fn from_env(data_dir: impl Into<PathBuf>) -> Self {
        let mut config = Self::new(data_dir);
        config.database_url = non_empty_env("DATABASE_URL");
        config.data_key_hex = non_empty_env("ZHENGWU_DATA_KEY");
        config.smtp_url = non_empty_env("ZHENGWU_SMTP_URL");
        if let Some(from) = non_empty_env("ZHENGWU_SMTP_FROM") {
            config.smtp_from = from;
        }
        config.secure_cookies = non_empty_env("ZHENGWU_INSECURE_COOKIES").as_deref() != Some("1");
        config
    }

    pub fn effective_database_url(&self) -> String {
        match &self.database_url {
            Some(url) => url.clone(),
            None => format!(
                "sqlite://{}?mode=rwc",
                self.data_dir.join("zhengwu.db").display()
            ),
        }
    }
}

fn non_empty_env(name: &str) -> Option<String> {
    std::env::var(name)
        .ok()
        .filter(|value| !value.trim().is_empty())
}
