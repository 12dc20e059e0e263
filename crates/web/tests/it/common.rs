//! Test helpers: an app over a fresh seeded database, staff sessions per role, requests.

use axum::Router;
use axum::body::{Body, to_bytes};
use axum::http::{HeaderMap, Method, Request, StatusCode};
use platform::Platform;
use platform::audit::AuditActor;
use platform::auth::session;
use platform::db::now_ms;
use platform::roles::Role;
use platform::users::{self, NewAccount};
use tower::ServiceExt as _;

/// The value of the anonymous CSRF cookie every test request carries.
pub const CSRF: &str = "a1b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6a7b8c9d0a1b2";

/// The session cookie's name (the tests' configuration has secure cookies).
pub const SESSION_COOKIE: &str = "__Host-zw_session";

/// The anonymous CSRF cookie as a `Cookie` header.
pub fn csrf_cookie() -> String {
    format!("__Host-zw_csrf={CSRF}")
}

pub struct TestApp {
    pub router: Router,
    pub platform: Platform,
    pub demo_accounts: Vec<platform::demo::DemoAccount>,
}

pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Answer {
    pub fn location(&self) -> &str {
        self.headers
            .get("location")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
    }
}

/// A staff session: the cookie header to send.
#[derive(Clone)]
pub struct Client {
    pub user_id: i64,
    pub cookie: String,
}

pub async fn app() -> TestApp {
    app_on(platform::testing::sqlite().await).await
}

pub async fn app_on(platform: Platform) -> TestApp {
    let demo_accounts = platform::demo::seed(&platform.db, &platform.key)
        .await
        .unwrap();
    let router = web::router(web::AppState::new(platform.clone()));
    TestApp {
        router,
        platform,
        demo_accounts,
    }
}

impl TestApp {
    /// A new account holding `role` in the demo's root unit, past every login step.
    pub async fn user_with(&self, role: Role) -> i64 {
        let unit = platform::units::find_by_code(&self.platform.db, "gz-it")
            .await
            .unwrap()
            .unwrap();
        let mut tx = self.platform.db.begin().await.unwrap();
        let username = format!(
            "t_{}_{}",
            role.code(),
            now_ms() % 1_000_000_007 + rand_suffix()
        );
        let (id, _) = users::create(
            &mut tx,
            &AuditActor::system("test"),
            NewAccount {
                unit_id: unit.id,
                username: username.chars().take(32).collect(),
                display_name: "测试".into(),
                roles: vec![role],
            },
            now_ms(),
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        sqlx::query("UPDATE users SET must_change_password = 0, totp_enabled = 1 WHERE id = $1")
            .bind(id)
            .execute(&self.platform.db.pool)
            .await
            .unwrap();
        id
    }

    /// A fresh ready session (second factor done) of an existing user.
    pub async fn session_of(&self, user_id: i64) -> Client {
        let token = session::create(&self.platform.db, user_id, true, "", now_ms())
            .await
            .unwrap();
        Client {
            user_id,
            cookie: format!("{SESSION_COOKIE}={token}; {}", csrf_cookie()),
        }
    }

    pub fn demo_password(&self, username: &str) -> String {
        self.demo_accounts
            .iter()
            .find(|a| a.username == username)
            .unwrap()
            .first_password
            .clone()
    }

    /// A ready session of a demo account (first password changed, second factor done).
    pub async fn demo_session(&self, username: &str) -> Client {
        let id = users::id_by_username(&self.platform.db, username)
            .await
            .unwrap()
            .unwrap();
        sqlx::query("UPDATE users SET must_change_password = 0, totp_enabled = 1 WHERE id = $1")
            .bind(id)
            .execute(&self.platform.db.pool)
            .await
            .unwrap();
        self.session_of(id).await
    }

    pub async fn login_as(&self, role: Role) -> Client {
        let id = self.user_with(role).await;
        self.session_of(id).await
    }

    /// The CSRF token of forms sent with `client`'s cookies (bound to its session, or to
    /// the anonymous CSRF cookie).
    pub fn token(&self, client: Option<&Client>) -> String {
        let session = client.and_then(|c| {
            c.cookie
                .split(';')
                .filter_map(|pair| pair.trim().split_once('='))
                .find(|(name, _)| *name == SESSION_COOKIE)
                .map(|(_, value)| value.to_owned())
        });
        web::csrf::token_for(&self.platform.key, session.as_deref().unwrap_or(CSRF))
    }

    pub async fn send(
        &self,
        method: Method,
        path: &str,
        client: Option<&Client>,
        form: Option<&str>,
    ) -> Answer {
        let mut builder = Request::builder().method(method).uri(path);
        let cookie = client.map(|c| c.cookie.clone()).unwrap_or_else(csrf_cookie);
        builder = builder.header("cookie", cookie);
        let body = match form {
            Some(form) => {
                builder = builder.header("content-type", "application/x-www-form-urlencoded");
                let separator = if form.is_empty() { "" } else { "&" };
                Body::from(format!("_csrf={}{separator}{form}", self.token(client)))
            }
            None => Body::empty(),
        };
        self.send_request(builder.body(body).unwrap()).await
    }

    pub async fn send_request(&self, request: Request<Body>) -> Answer {
        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = to_bytes(response.into_body(), 16 * 1024 * 1024)
            .await
            .unwrap();
        Answer {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    pub async fn get(&self, path: &str, client: Option<&Client>) -> Answer {
        self.send(Method::GET, path, client, None).await
    }

    pub async fn post(&self, path: &str, client: Option<&Client>, form: &str) -> Answer {
        self.send(Method::POST, path, client, Some(form)).await
    }

    /// Posts a `multipart/form-data` form with the CSRF field first, then `fields`, then
    /// `files` as (input name, file name, content).
    pub async fn post_multipart(
        &self,
        path: &str,
        client: Option<&Client>,
        fields: &[(&str, &str)],
        files: &[(&str, &str, &[u8])],
    ) -> Answer {
        let token = self.token(client);
        self.post_multipart_with_token(path, client, Some(&token), fields, files)
            .await
    }

    /// [`TestApp::post_multipart`] with a chosen CSRF field (`None` sends none).
    pub async fn post_multipart_with_token(
        &self,
        path: &str,
        client: Option<&Client>,
        token: Option<&str>,
        fields: &[(&str, &str)],
        files: &[(&str, &str, &[u8])],
    ) -> Answer {
        const BOUNDARY: &str = "----zhengwu-test-boundary-7f3a";
        let mut body: Vec<u8> = Vec::new();
        let token_field = token.map(|token| ("_csrf", token));
        for (name, value) in token_field.iter().chain(fields.iter()) {
            body.extend_from_slice(
                format!(
                    "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
                )
                .as_bytes(),
            );
        }
        for (name, file_name, content) in files {
            body.extend_from_slice(
                format!(
                    "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                )
                .as_bytes(),
            );
            body.extend_from_slice(content);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
        let cookie = client.map(|c| c.cookie.clone()).unwrap_or_else(csrf_cookie);
        let request = Request::builder()
            .method(Method::POST)
            .uri(path)
            .header("cookie", cookie)
            .header(
                "content-type",
                format!("multipart/form-data; boundary={BOUNDARY}"),
            )
            .body(Body::from(body))
            .unwrap();
        self.send_request(request).await
    }

    /// The audit chain's head: a change of any kind moves it.
    pub async fn audit_seq(&self) -> i64 {
        use sqlx::Row as _;
        sqlx::query("SELECT seq FROM audit_head WHERE id = 1")
            .fetch_one(&self.platform.db.pool)
            .await
            .unwrap()
            .try_get("seq")
            .unwrap()
    }
}

fn rand_suffix() -> i64 {
    use std::sync::atomic::{AtomicI64, Ordering};
    static NEXT: AtomicI64 = AtomicI64::new(0);
    NEXT.fetch_add(1, Ordering::Relaxed)
}
