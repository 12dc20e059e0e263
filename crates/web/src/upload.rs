//! Multipart forms with files (appeal attachments, application materials, archive
//! recordings). The body is parsed with `multer` as it streams in, only by the handler of an
//! upload route (after its guard), within the route's [`UploadLimits`]; text fields deserialize like an urlencoded form, files become
//! [`platform::attachments::Upload`]s that the domain checks by content. A file input left
//! empty is no file. Every refusal is a Chinese message with status 400.

use axum::body::{Bytes, to_bytes};
use axum::extract::{FromRequest, Request};
use axum::http::header::{CONTENT_LENGTH, CONTENT_TYPE};
use platform::Error;
use platform::attachments::Upload;
use serde::de::DeserializeOwned;

use crate::AppState;
use crate::csrf::FORM_FIELD;
use crate::error::PageError;
use crate::extract::client_ip;
use crate::staff::Staff;

/// The largest multipart body accepted: several files of the 10 MB policy, or one recording.
pub const MAX_UPLOAD_BYTES: usize = 64 * 1024 * 1024;

/// One file of a multipart form.
#[derive(Debug, Clone)]
pub struct FilePart {
    pub field: String,
    pub file_name: String,
    pub bytes: Vec<u8>,
}

impl FilePart {
    /// The file as an attachment to store, labelled by what it is.
    pub fn upload(&self, label: impl Into<String>) -> Upload {
        Upload {
            label: label.into(),
            file_name: self.file_name.clone(),
            bytes: self.bytes.clone(),
        }
    }
}

/// A parsed multipart form.
#[derive(Debug, Clone, Default)]
pub struct Multipart {
    pub fields: Vec<(String, String)>,
    pub files: Vec<FilePart>,
}

impl Multipart {
    /// The text fields but the CSRF token as a typed form (the rules of an urlencoded form).
    pub fn form<T: DeserializeOwned>(&self) -> Result<T, Error> {
        let mut encoded = form_urlencoded::Serializer::new(String::new());
        for (key, value) in self.fields.iter().filter(|(key, _)| key != FORM_FIELD) {
            encoded.append_pair(key, value);
        }
        serde_urlencoded::from_str(&encoded.finish()).map_err(|error| {
            let text = error.to_string();
            if text.contains("unknown field") {
                Error::invalid("表单包含未知字段")
            } else if text.contains("missing field") {
                Error::invalid("表单缺少必填项")
            } else {
                Error::invalid("表单内容无法解析：请检查填写的内容")
            }
        })
    }

    /// The files sent under one input name, in order.
    pub fn files_named<'a>(&'a self, field: &'a str) -> impl Iterator<Item = &'a FilePart> {
        self.files.iter().filter(move |file| file.field == field)
    }

    /// The value of one text field.
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }
}

/// The boundary of a `multipart/form-data` content type, if the request is one.
pub fn boundary(content_type: Option<&str>) -> Option<String> {
    let content_type = content_type?;
    if !content_type.starts_with("multipart/form-data") {
        return None;
    }
    multer::parse_boundary(content_type).ok()
}

/// What one multipart request may carry (issue 12 finding 1): its whole size, each file,
/// each text field and the number of parts. A request over a limit is refused as soon as
/// the limit is crossed, without reading the rest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UploadLimits {
    pub total_bytes: usize,
    pub file_bytes: usize,
    pub text_bytes: usize,
    pub parts: usize,
}

/// Citizens' forms (appeal attachments, application materials, supplements): a few files
/// of the 10 MB policy.
pub const PUBLIC_LIMITS: UploadLimits = UploadLimits {
    total_bytes: 30 * 1024 * 1024,
    file_bytes: 10 * 1024 * 1024 + 64 * 1024,
    text_bytes: 64 * 1024,
    parts: 48,
};

/// Staff forms behind the guard: a call recording of the 50 MB policy, scans.
pub const STAFF_LIMITS: UploadLimits = UploadLimits {
    total_bytes: MAX_UPLOAD_BYTES,
    file_bytes: 50 * 1024 * 1024 + 64 * 1024,
    text_bytes: 64 * 1024,
    parts: 96,
};

/// Uploads a citizen may send per minute from one client, counted before the body is read;
/// each form's own limit (appeals, applications) is counted after.
const PUBLIC_UPLOADS_PER_MINUTE: u32 = 20;

/// The bytes of multipart bodies all requests together may hold in memory at once, in KiB
/// (the unit of the semaphore's permits).
pub const IN_FLIGHT_KIB: usize = 192 * 1024;

/// How long a request waits for room among the bytes in flight before it is turned away.
const IN_FLIGHT_WAIT: std::time::Duration = std::time::Duration::from_secs(5);

fn too_large() -> Error {
    Error::invalid("上传的文件总大小超过上限")
}

fn file_too_large(limits: UploadLimits) -> Error {
    Error::invalid(format!(
        "单个文件超过 {} MB，未保存",
        limits.file_bytes / (1024 * 1024)
    ))
}

fn broken<E>(_: E) -> Error {
    Error::invalid("上传的表单内容不完整，请重新提交")
}

/// Parses a multipart body as it streams in, within `limits`.
pub async fn parse<S, O, E>(
    body: S,
    boundary: &str,
    limits: UploadLimits,
) -> Result<Multipart, Error>
where
    S: futures_util::Stream<Item = Result<O, E>> + Send + 'static,
    O: Into<Bytes> + 'static,
    E: Into<Box<dyn std::error::Error + Send + Sync>> + 'static,
{
    let constraints = multer::Constraints::new().size_limit(
        multer::SizeLimit::new()
            .whole_stream(limits.total_bytes as u64)
            .per_field(limits.file_bytes as u64),
    );
    let mut multipart = multer::Multipart::with_constraints(body, boundary, constraints);
    let mut parsed = Multipart::default();
    let mut parts = 0;
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(error) => return Err(refusal(error, limits)),
        };
        parts += 1;
        if parts > limits.parts {
            return Err(Error::invalid("表单的字段或文件过多"));
        }
        let name = field.name().unwrap_or_default().to_owned();
        let file_name = field.file_name().map(str::to_owned);
        let bytes = read_field(field, file_name.is_some(), limits).await?;
        match file_name {
            Some(file_name) => {
                if file_name.is_empty() && bytes.is_empty() {
                    continue;
                }
                parsed.files.push(FilePart {
                    field: name,
                    file_name,
                    bytes,
                });
            }
            None => {
                let text = String::from_utf8(bytes)
                    .map_err(|_| Error::invalid("表单内容不是有效的 UTF-8 编码"))?;
                if text.contains('\0') || name.contains('\0') {
                    return Err(Error::invalid(crate::extract::NUL_REFUSED));
                }
                parsed.fields.push((name, text));
            }
        }
    }
    Ok(parsed)
}

/// The Chinese refusal of a multer error.
fn refusal(error: multer::Error, limits: UploadLimits) -> Error {
    match error {
        multer::Error::StreamSizeExceeded { .. } => too_large(),
        multer::Error::FieldSizeExceeded { .. } => file_too_large(limits),
        other => broken(other),
    }
}

/// The bytes of one part, refused once they pass the limit of a file or of a text field.
async fn read_field(
    mut field: multer::Field<'_>,
    is_file: bool,
    limits: UploadLimits,
) -> Result<Vec<u8>, Error> {
    let cap = if is_file {
        limits.file_bytes
    } else {
        limits.text_bytes
    };
    let mut bytes = Vec::new();
    while let Some(chunk) = field
        .chunk()
        .await
        .map_err(|error| refusal(error, limits))?
    {
        if bytes.len() + chunk.len() > cap {
            return Err(if is_file {
                file_too_large(limits)
            } else {
                Error::invalid("表单中的文字内容过长")
            });
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(bytes)
}

/// The declared length of the body, if the client sent one.
fn content_length(req: &Request) -> Option<usize> {
    req.headers()
        .get(CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.trim().parse().ok())
}

/// A multipart form, read after the route's guard (the body is not touched before; the
/// CSRF layer reads only the leading `_csrf` part). Staff routes (the guard has put a
/// [`Staff`] in the request) get [`STAFF_LIMITS`]; public ones [`PUBLIC_LIMITS`], a count
/// of uploads per client before reading, and all of them a share of the bytes in flight.
impl FromRequest<AppState> for Multipart {
    type Rejection = PageError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let content_type = req
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|value| value.to_str().ok());
        let boundary = boundary(content_type);
        let urlencoded = content_type
            .is_some_and(|value| value.starts_with("application/x-www-form-urlencoded"));
        if boundary.is_none() && !urlencoded {
            return Err(PageError(Error::invalid(
                "请使用页面上的表单提交（需要 multipart/form-data）",
            )));
        }
        let staff = req.extensions().get::<Staff>().is_some();
        let limits = if staff { STAFF_LIMITS } else { PUBLIC_LIMITS };
        if !staff {
            let (parts, body) = req.into_parts();
            let ip = client_ip(&parts);
            if !state
                .limiter
                .allow("public-upload", &ip, PUBLIC_UPLOADS_PER_MINUTE)
            {
                return Err(PageError(Error::TooManyRequests));
            }
            return read(Request::from_parts(parts, body), boundary, limits, state).await;
        }
        read(req, boundary, limits, state).await
    }
}

/// Reads a multipart (or, without files, an urlencoded) body within `limits`, holding its
/// share of the bytes in flight: the [`Multipart`] extractor's, and a form with its own limits
/// (an article's long body).
pub(crate) async fn read(
    req: Request,
    boundary: Option<String>,
    limits: UploadLimits,
    state: &AppState,
) -> Result<Multipart, PageError> {
    let declared = content_length(&req);
    if declared.is_some_and(|length| length > limits.total_bytes) {
        return Err(PageError(too_large()));
    }
    let kib = declared.unwrap_or(limits.total_bytes).div_ceil(1024).max(1);
    let permits = u32::try_from(kib).map_err(|_| PageError(too_large()))?;
    let _room = tokio::time::timeout(IN_FLIGHT_WAIT, state.uploads.acquire_many(permits))
        .await
        .map_err(|_| PageError(Error::Busy))?
        .map_err(|_| PageError(Error::Busy))?;
    let body = req.into_body();
    match boundary {
        Some(boundary) => parse(body.into_data_stream(), &boundary, limits)
            .await
            .map_err(PageError),
        // A form without files (a client without file inputs): text fields only.
        None => {
            let body = to_bytes(body, crate::csrf::MAX_FORM_BYTES)
                .await
                .map_err(|_| PageError(Error::invalid("提交的内容过大")))?;
            crate::csrf::read_form(&body)
                .map(|fields| Multipart {
                    fields,
                    files: Vec::new(),
                })
                .map_err(|message| PageError(Error::invalid(message)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn part(name: &str, value: &str) -> String {
        format!("--b\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
    }

    async fn parse_text(body: String) -> Result<Multipart, Error> {
        let stream = futures_util::stream::once(async move { Ok::<_, std::io::Error>(body) });
        parse(stream, "b", PUBLIC_LIMITS).await
    }

    /// Issue 12 finding 1: the parts of a form are counted and each is bounded.
    #[tokio::test]
    async fn parts_are_counted_and_bounded() {
        let many: String = (0..1000).map(|i| part(&format!("f{i}"), "1")).collect();
        let error = parse_text(many).await.unwrap_err();
        assert!(error.to_string().contains("过多"), "{error}");
        let long = part("content", &"长".repeat(30_000)) + "--b--\r\n";
        let error = parse_text(long).await.unwrap_err();
        assert!(error.to_string().contains("过长"), "{error}");
        let fine = part("content", "正文") + "--b--\r\n";
        let form = parse_text(fine).await.unwrap();
        assert_eq!(form.field("content"), Some("正文"));
    }
}
