//! HTTP for the inspector (WEB-INSPECT): one client with the timeout of the indicator (a link
//! that does not answer with success within it is broken), at most a few redirects with loop
//! detection, bodies read up to a cap and no further, and every request under an overall
//! deadline so that a server that never finishes cannot hold the crawl.

use std::time::Duration;

use reqwest::redirect::{Attempt, Policy};
use url::Url;

/// Why a request failed, in Chinese (the `detail` of a finding).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FetchError {
    #[error("{0}秒内无响应")]
    Timeout(u64),
    #[error("无法连接（{0}）")]
    Connect(String),
    #[error("重定向循环")]
    RedirectLoop,
    #[error("重定向超过{0}次")]
    TooManyRedirects(usize),
    #[error("HTTP {0}")]
    Status(u16),
    #[error("请求失败（{0}）")]
    Other(String),
}

/// What a GET brought back.
#[derive(Debug, Clone)]
pub struct Fetched {
    /// The address after redirects.
    pub url: Url,
    pub content_type: Option<String>,
    /// The body as read: at most the cap; empty when it was not wanted.
    pub body: Vec<u8>,
    /// The body went on past the cap (not read further).
    pub truncated: bool,
}

/// The inspector's HTTP client.
#[derive(Debug, Clone)]
pub struct Client {
    http: reqwest::Client,
    timeout: Duration,
    max_redirects: usize,
}

/// The message a redirect loop is refused with (found again in the error chain).
const LOOP: &str = "redirect loop";

fn policy(max_redirects: usize) -> Policy {
    Policy::custom(move |attempt: Attempt<'_>| {
        if attempt.previous().iter().any(|seen| seen == attempt.url()) {
            attempt.error(LOOP)
        } else if attempt.previous().len() > max_redirects {
            attempt.error("too many redirects")
        } else {
            attempt.follow()
        }
    })
}

/// Whether `error` or one of its sources says `needle`.
fn says(error: &reqwest::Error, needle: &str) -> bool {
    let mut source: Option<&dyn std::error::Error> = Some(error);
    while let Some(current) = source {
        if current.to_string().contains(needle) {
            return true;
        }
        source = current.source();
    }
    false
}

impl Client {
    pub fn new(timeout: Duration, max_redirects: usize, user_agent: &str) -> Result<Self, String> {
        let http = reqwest::Client::builder()
            .timeout(timeout)
            .connect_timeout(timeout)
            .redirect(policy(max_redirects))
            .user_agent(user_agent)
            .build()
            .map_err(|error| error.to_string())?;
        Ok(Self {
            http,
            timeout,
            max_redirects,
        })
    }

    fn failure(&self, error: &reqwest::Error) -> FetchError {
        if error.is_redirect() {
            if says(error, LOOP) {
                FetchError::RedirectLoop
            } else {
                FetchError::TooManyRedirects(self.max_redirects)
            }
        } else if error.is_timeout() {
            FetchError::Timeout(self.timeout.as_secs())
        } else if error.is_connect() {
            let mut reason = error.to_string();
            let mut source = std::error::Error::source(error);
            while let Some(inner) = source {
                reason = inner.to_string();
                source = inner.source();
            }
            FetchError::Connect(reason)
        } else {
            FetchError::Other(error.to_string())
        }
    }

    /// The whole of `request` under the overall deadline (the timeout and a second).
    async fn deadline<T>(
        &self,
        request: impl Future<Output = Result<T, FetchError>>,
    ) -> Result<T, FetchError> {
        tokio::time::timeout(self.timeout + Duration::from_secs(1), request)
            .await
            .unwrap_or(Err(FetchError::Timeout(self.timeout.as_secs())))
    }

    /// GETs `url`, reading at most `cap` bytes of the body, and none when `wanted` refuses its
    /// content type. A status other than 2xx is an error.
    pub async fn get(
        &self,
        url: &Url,
        cap: usize,
        wanted: impl Fn(Option<&str>) -> bool,
    ) -> Result<Fetched, FetchError> {
        self.deadline(async {
            let mut response = self
                .http
                .get(url.clone())
                .send()
                .await
                .map_err(|error| self.failure(&error))?;
            let status = response.status();
            if !status.is_success() {
                return Err(FetchError::Status(status.as_u16()));
            }
            let content_type = response
                .headers()
                .get(reqwest::header::CONTENT_TYPE)
                .and_then(|value| value.to_str().ok())
                .map(str::to_owned);
            let mut fetched = Fetched {
                url: response.url().clone(),
                content_type,
                body: Vec::new(),
                truncated: false,
            };
            if !wanted(fetched.content_type.as_deref()) {
                return Ok(fetched);
            }
            while let Some(chunk) = response
                .chunk()
                .await
                .map_err(|error| self.failure(&error))?
            {
                let room = cap.saturating_sub(fetched.body.len());
                if chunk.len() > room {
                    fetched.body.extend_from_slice(&chunk[..room]);
                    fetched.truncated = true;
                    break;
                }
                fetched.body.extend_from_slice(&chunk);
            }
            Ok(fetched)
        })
        .await
    }

    /// Whether `url` answers with success: HEAD, then GET (no body read) when the server
    /// answered HEAD with an error status (some refuse HEAD); the final address on success.
    pub async fn check(&self, url: &Url) -> Result<Url, FetchError> {
        let head = self
            .deadline(async {
                let response = self
                    .http
                    .head(url.clone())
                    .send()
                    .await
                    .map_err(|error| self.failure(&error))?;
                match response.status() {
                    status if status.is_success() => Ok(response.url().clone()),
                    status => Err(FetchError::Status(status.as_u16())),
                }
            })
            .await;
        match head {
            Err(FetchError::Status(_)) => {
                self.get(url, 0, |_| false).await.map(|fetched| fetched.url)
            }
            other => other,
        }
    }
}
