//! Test support (feature `testing`): the real OpenID provider of `browser/oidc_provider.mjs`
//! (the npm package `oidc-provider` on the machine's Node.js) started for a test and
//! stopped when dropped, and a browser that follows the provider's redirects with its
//! cookies. Without Node.js or `browser/node_modules/oidc-provider` the test is told so
//! loudly and skips, unless `ZHENGWU_REQUIRE_OIDC=1` (set by `.ci/run`), where it fails.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use std::collections::HashMap;
use std::io::BufRead as _;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

use crate::oidc::{ClaimNames, ProviderConfig};

/// The client the script registers.
pub const CLIENT_ID: &str = "zhengwu";
pub const CLIENT_SECRET: &str = "zhengwu-test-secret-0123456789";
/// Our callback as registered (the tests drive the router, nothing listens there).
pub const REDIRECT: &str = "https://zhengwu.test/account/oidc/callback";
pub const POST_LOGOUT: &str = "https://zhengwu.test/account/login";

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A running provider.
pub struct TestProvider {
    child: Child,
    pub issuer: String,
}

impl Drop for TestProvider {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn missing() -> Option<String> {
    if Command::new("node").arg("--version").output().is_err() {
        return Some("no node on PATH".into());
    }
    if !repo().join("browser/node_modules/oidc-provider").exists() {
        return Some("no browser/node_modules/oidc-provider (npm ci --prefix browser)".into());
    }
    None
}

/// Starts the provider, or `None` (after a loud message) when Node.js or the package is
/// absent and `ZHENGWU_REQUIRE_OIDC` is not `1`.
pub fn start() -> Option<TestProvider> {
    if let Some(why) = missing() {
        let required = std::env::var("ZHENGWU_REQUIRE_OIDC").as_deref() == Ok("1");
        assert!(
            !required,
            "ZHENGWU_REQUIRE_OIDC=1 but the OpenID provider cannot run: {why}"
        );
        eprintln!(
            "\n!!!!!!!! UNIFIED IDENTITY TEST SKIPPED: {why}. The OIDC login is NOT tested. \
             Run `npm ci --prefix browser` (Node.js needed) or set ZHENGWU_REQUIRE_OIDC=1 to \
             make this a failure. !!!!!!!!\n"
        );
        return None;
    }
    let mut child = Command::new("node")
        .arg("oidc_provider.mjs")
        .arg(REDIRECT)
        .arg(POST_LOGOUT)
        .current_dir(repo().join("browser"))
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start node oidc_provider.mjs");
    let stdout = child.stdout.take().expect("provider stdout");
    let mut reader = std::io::BufReader::new(stdout);
    let mut line = String::new();
    reader
        .read_line(&mut line)
        .expect("read the provider's first line");
    // The rest of its output is kept reading (a closed pipe would end the provider).
    std::thread::spawn(move || {
        for rest in reader.lines().map_while(Result::ok) {
            eprintln!("oidc-provider: {rest}");
        }
    });
    let value: serde_json::Value = serde_json::from_str(line.trim())
        .unwrap_or_else(|e| panic!("the provider printed {line:?}: {e}"));
    let issuer = value["issuer"].as_str().expect("issuer").to_owned();
    Some(TestProvider { child, issuer })
}

impl TestProvider {
    /// The installation's configuration for this provider.
    pub fn config(&self) -> ProviderConfig {
        ProviderConfig {
            issuer: self.issuer.clone(),
            ..Self::example_config()
        }
    }

    /// The same configuration without a running provider (issuer to be set).
    pub fn example_config() -> ProviderConfig {
        ProviderConfig {
            issuer: String::new(),
            client_id: CLIENT_ID.into(),
            client_secret: CLIENT_SECRET.into(),
            redirect_url: REDIRECT.into(),
            post_logout_url: POST_LOGOUT.into(),
            display_name: "测试省统一身份认证平台".into(),
            scopes: "openid profile phone idcard enterprise".into(),
            claims: ClaimNames::default(),
        }
    }

    async fn control(&self, path: &str) {
        let http = openidconnect::reqwest::Client::new();
        let answer = http
            .get(format!("{}{path}", self.issuer))
            .send()
            .await
            .expect("provider control");
        assert!(answer.status().is_success(), "{path}: {}", answer.status());
    }

    /// The account of the next login (`person-1`, `person-2`, `enterprise-1`).
    pub async fn next_login(&self, sub: &str) {
        self.control(&format!("/test/login?sub={sub}")).await;
    }

    /// Spoils the next ID token: `signature`, `expired`, `nonce` or `foreign`.
    pub async fn tamper_next(&self, mode: &str) {
        self.control(&format!("/test/tamper?mode={mode}")).await;
    }
}

/// Plays the browser at the provider: follows its redirects from `authorize_url` with its
/// cookies until it redirects to our callback, and returns that address.
pub async fn browse_to_callback(authorize_url: &str) -> String {
    let http = openidconnect::reqwest::ClientBuilder::new()
        .redirect(openidconnect::reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    let mut cookies: HashMap<String, String> = HashMap::new();
    let mut url = authorize_url.to_owned();
    for _ in 0..10 {
        if url.starts_with(REDIRECT) {
            return url;
        }
        let header = cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ");
        let answer = http
            .get(&url)
            .header("cookie", header)
            .send()
            .await
            .expect("provider request");
        for value in answer.headers().get_all("set-cookie") {
            let text = value.to_str().unwrap_or_default();
            if let Some((pair, _)) = text.split_once(';').or(Some((text, "")))
                && let Some((name, value)) = pair.split_once('=')
            {
                cookies.insert(name.trim().to_owned(), value.to_owned());
            }
        }
        let status = answer.status();
        let Some(location) = answer.headers().get("location") else {
            let body = answer.text().await.unwrap_or_default();
            panic!("the provider answered {status} without a redirect: {body}");
        };
        let location = location.to_str().expect("location").to_owned();
        url = if location.starts_with("http") {
            location
        } else {
            let base = openidconnect::url::Url::parse(&url).expect("url");
            base.join(&location).expect("join").to_string()
        };
    }
    panic!("the provider did not come back to the callback")
}

/// `(state, code)` of a callback address.
pub fn callback_params(url: &str) -> (String, String) {
    let parsed = openidconnect::url::Url::parse(url).expect("callback url");
    let get = |name: &str| {
        parsed
            .query_pairs()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.into_owned())
            .unwrap_or_default()
    };
    (get("state"), get("code"))
}
