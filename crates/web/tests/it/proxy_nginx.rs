//! Issue 12, behind a reverse proxy: a real nginx (Debian's package) started by the test with
//! the site of `docs/DEPLOY.md`, TLS from a certificate made on the spot, in front of the
//! server `zhengwu serve` runs, with `ZHENGWU_TRUSTED_PROXIES=127.0.0.1`. curl connects from
//! 127.0.0.2, so the address nginx forwards differs from the proxy's own.
//!
//! Without nginx, openssl or curl on the machine the test says so and passes, unless
//! `ZHENGWU_REQUIRE_NGINX=1` (set by `.ci/run`, which installs them).

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use platform::config::Cidr;
use tokio::net::TcpListener;
use web::server::{ServerLimits, serve};

use crate::common::app_on;

const DEPLOY: &str = include_str!("../../../../docs/DEPLOY.md");

/// The nginx site between the markers of `docs/DEPLOY.md`, without its code fence.
fn deploy_site() -> String {
    let begin = DEPLOY
        .find("<!-- nginx-site:begin -->")
        .expect("begin marker");
    let end = DEPLOY.find("<!-- nginx-site:end -->").expect("end marker");
    DEPLOY[begin..end]
        .lines()
        .filter(|line| !line.starts_with("```") && !line.starts_with("<!--"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn have(tool: &str) -> bool {
    Command::new(tool)
        .arg("-version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok()
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// nginx in the foreground with its files under `dir`, killed when dropped.
struct Nginx(Child);

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn start_nginx(dir: &Path, app: SocketAddr, plain: u16, tls: u16) -> Nginx {
    let status = Command::new("openssl")
        .args([
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
        ])
        .args(["-subj", "/CN=zhengwu.example.gov.cn"])
        .arg("-keyout")
        .arg(dir.join("privkey.pem"))
        .arg("-out")
        .arg(dir.join("fullchain.pem"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success(), "openssl could not make a certificate");
    let site = deploy_site()
        .replace("listen 80;", &format!("listen 127.0.0.1:{plain};"))
        .replace(
            "listen 443 ssl http2;",
            &format!("listen 127.0.0.1:{tls} ssl http2;"),
        )
        .replace("server 127.0.0.1:8080;", &format!("server {app};"))
        .replace("/etc/zhengwu/tls/", &format!("{}/", dir.display()));
    assert!(site.contains(&format!("127.0.0.1:{tls} ssl")), "{site}");
    std::fs::write(dir.join("site.conf"), site).unwrap();
    let d = dir.display();
    let main = format!(
        "daemon off;\nmaster_process off;\npid {d}/nginx.pid;\nerror_log {d}/error.log;\n\
         events {{}}\nhttp {{\n  access_log off;\n  client_body_temp_path {d}/body;\n\
         proxy_temp_path {d}/proxy;\n  fastcgi_temp_path {d}/fastcgi;\n  uwsgi_temp_path {d}/uwsgi;\n\
         scgi_temp_path {d}/scgi;\n  include {d}/site.conf;\n}}\n"
    );
    std::fs::write(dir.join("nginx.conf"), main).unwrap();
    let child = Command::new("nginx")
        .arg("-p")
        .arg(dir)
        .arg("-c")
        .arg(dir.join("nginx.conf"))
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    Nginx(child)
}

/// `curl` from 127.0.0.1's neighbour 127.0.0.2, with a cookie jar; returns headers and body.
fn curl(jar: &Path, args: &[&str]) -> String {
    let output = Command::new("curl")
        .args([
            "-sk",
            "--max-time",
            "10",
            "--interface",
            "127.0.0.2",
            "-D",
            "-",
        ])
        .arg("-b")
        .arg(jar)
        .arg("-c")
        .arg(jar)
        .args(args)
        .output()
        .unwrap();
    String::from_utf8_lossy(&output.stdout).into_owned()
}

async fn wait_for(port: u16) {
    for _ in 0..100 {
        if tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_ok()
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("nginx did not start listening on {port}");
}

fn temp_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "zhengwu-nginx-{}-{}",
        std::process::id(),
        free_port()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[tokio::test]
async fn issue_12_behind_nginx_the_forwarded_client_is_believed_and_a_forged_one_is_not() {
    if !(have("nginx") && have("openssl") && have("curl")) {
        assert!(
            std::env::var("ZHENGWU_REQUIRE_NGINX").is_err(),
            "ZHENGWU_REQUIRE_NGINX is set but nginx, openssl or curl is missing"
        );
        eprintln!("skipped: nginx, openssl or curl is not installed");
        return;
    }
    let mut platform = platform::testing::sqlite().await;
    platform.config.trusted_proxies = vec![Cidr::parse("127.0.0.1").unwrap()];
    let app = app_on(platform).await;
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let router = app.router.clone();
    tokio::spawn(serve(
        listener,
        router,
        ServerLimits::default(),
        std::future::pending(),
    ));
    let dir = temp_dir();
    let (plain, tls) = (free_port(), free_port());
    let _nginx = start_nginx(&dir, addr, plain, tls);
    wait_for(tls).await;
    let jar = dir.join("cookies.txt");
    let base = format!("https://127.0.0.1:{tls}");

    // Plain HTTP is sent to HTTPS; HTTPS answers carry HSTS and the application's headers.
    let redirect = tokio::task::spawn_blocking({
        let jar = jar.clone();
        move || curl(&jar, &[&format!("http://127.0.0.1:{plain}/office/login")])
    })
    .await
    .unwrap();
    assert!(redirect.starts_with("HTTP/1.1 301"), "{redirect}");
    let page = tokio::task::spawn_blocking({
        let (jar, base) = (jar.clone(), base.clone());
        move || curl(&jar, &[&format!("{base}/office/login")])
    })
    .await
    .unwrap();
    let lower = page.to_ascii_lowercase();
    assert!(
        lower.contains("strict-transport-security: max-age=31536000"),
        "{page}"
    );
    assert!(lower.contains("content-security-policy"), "{page}");
    assert!(lower.contains("set-cookie: __host-zw_csrf="), "{page}");
    let token = page
        .split("name=\"csrf-token\" content=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the page's CSRF token")
        .to_owned();

    // A failed login through nginx, with a forged X-Forwarded-For: the audit row names the
    // address nginx saw (127.0.0.2), not nginx's own and not the forged one.
    let answer = tokio::task::spawn_blocking({
        let (jar, base) = (jar.clone(), base.clone());
        move || {
            curl(
                &jar,
                &[
                    "-H",
                    "X-Forwarded-For: 6.6.6.6",
                    "-H",
                    "X-Real-IP: 6.6.6.6",
                    "--data",
                    &format!("_csrf={token}&username=nobody&password=wrong"),
                    &format!("{base}/office/login"),
                ],
            )
        }
    })
    .await
    .unwrap();
    assert!(!answer.starts_with("HTTP/1.1 403"), "{answer}");
    use sqlx::Row as _;
    let ip: String = sqlx::query(
        "SELECT ip FROM audit_log WHERE action = 'login.failed' ORDER BY seq DESC LIMIT 1",
    )
    .fetch_one(&app.platform.db.pool)
    .await
    .unwrap()
    .try_get("ip")
    .unwrap();
    assert_eq!(ip, "127.0.0.2");
    let _ = std::fs::remove_dir_all(&dir);
}
