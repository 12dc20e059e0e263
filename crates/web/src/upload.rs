//! Multipart forms with files (appeal attachments, application materials, archive
//! recordings). The body is read whole up to [`MAX_UPLOAD_BYTES`] and parsed with `multer`;
//! text fields deserialize like an urlencoded form, files become
//! [`platform::attachments::Upload`]s that the domain checks by content. A file input left
//! empty is no file. Every refusal is a Chinese message with status 400.

use std::convert::Infallible;

use axum::body::{Bytes, to_bytes};
use axum::extract::{FromRequest, Request};
use axum::http::header::CONTENT_TYPE;
use platform::Error;
use platform::attachments::Upload;
use serde::de::DeserializeOwned;

use crate::csrf::FORM_FIELD;
use crate::error::PageError;

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

/// Parses a buffered multipart body.
pub async fn parse(body: Bytes, boundary: &str) -> Result<Multipart, Error> {
    let stream = futures_util::stream::once(async move { Ok::<Bytes, Infallible>(body) });
    let mut multipart = multer::Multipart::new(stream, boundary);
    let mut parsed = Multipart::default();
    let broken = |_| Error::invalid("上传的表单内容不完整，请重新提交");
    while let Some(field) = multipart.next_field().await.map_err(broken)? {
        let name = field.name().unwrap_or_default().to_owned();
        match field.file_name().map(str::to_owned) {
            Some(file_name) => {
                let bytes = field.bytes().await.map_err(broken)?;
                if file_name.is_empty() && bytes.is_empty() {
                    continue;
                }
                parsed.files.push(FilePart {
                    field: name,
                    file_name,
                    bytes: bytes.to_vec(),
                });
            }
            None => {
                let text = field
                    .text()
                    .await
                    .map_err(|_| Error::invalid("表单内容不是有效的 UTF-8 编码"))?;
                parsed.fields.push((name, text));
            }
        }
    }
    Ok(parsed)
}

impl<S: Send + Sync> FromRequest<S> for Multipart {
    type Rejection = PageError;

    async fn from_request(req: Request, _state: &S) -> Result<Self, Self::Rejection> {
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
        let body = to_bytes(req.into_body(), MAX_UPLOAD_BYTES)
            .await
            .map_err(|_| PageError(Error::invalid("上传的文件总大小超过上限")))?;
        match boundary {
            Some(boundary) => parse(body, &boundary).await.map_err(PageError),
            // A form without files (a client without file inputs): text fields only.
            None => crate::csrf::decode_form(&body)
                .map(|fields| Multipart {
                    fields,
                    files: Vec::new(),
                })
                .ok_or_else(|| PageError(Error::invalid("表单内容不是有效的 UTF-8 编码"))),
        }
    }
}
