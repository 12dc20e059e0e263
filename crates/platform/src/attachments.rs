//! Attachments (附件): files citizens, applicants and staff upload (HL-REGISTER appeal
//! attachments, SVC-NO-RESUBMIT case materials, HL-ARCHIVE call recordings).
//!
//! The kind is sniffed from the content (magic bytes), never trusted from the file name or
//! the browser's content type, and must be one the [`Policy`] allows; the size is bounded by
//! the policy. Content and original file name are sealed with SM4-GCM: a file name can carry
//! the appellant's name (HL-PRIVACY), so pages and downloads use `label.ext` instead.

use sm3::{Digest, Sm3};
use sqlx::Row as _;

use crate::db::{Db, Tx};
use crate::error::{Error, Result};
use crate::personal::DataKey;

/// A file kind recognised by its content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Pdf,
    Jpeg,
    Png,
    Ofd,
    Docx,
    Xlsx,
    /// Word 97–2003 (an OLE compound file with a `WordDocument` stream).
    Doc,
    /// Excel 97–2003 (an OLE compound file with a `Workbook` or `Book` stream).
    Xls,
    /// A WPS 文字 document: the Word binary format in an OLE compound file, named `.wps`.
    Wps,
    Mp3,
    Wav,
}

/// The signature of an OLE compound file (Word, Excel and WPS binaries).
const OLE: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// `name` as UTF-16LE, as an OLE directory entry names its stream.
fn utf16(name: &str) -> Vec<u8> {
    name.encode_utf16().flat_map(u16::to_le_bytes).collect()
}

impl Kind {
    pub const ALL: [Kind; 11] = [
        Kind::Pdf,
        Kind::Jpeg,
        Kind::Png,
        Kind::Ofd,
        Kind::Docx,
        Kind::Xlsx,
        Kind::Doc,
        Kind::Xls,
        Kind::Wps,
        Kind::Mp3,
        Kind::Wav,
    ];

    /// The stored code, which is also the file extension offered on download.
    pub fn code(self) -> &'static str {
        match self {
            Kind::Pdf => "pdf",
            Kind::Jpeg => "jpg",
            Kind::Png => "png",
            Kind::Ofd => "ofd",
            Kind::Docx => "docx",
            Kind::Xlsx => "xlsx",
            Kind::Doc => "doc",
            Kind::Xls => "xls",
            Kind::Wps => "wps",
            Kind::Mp3 => "mp3",
            Kind::Wav => "wav",
        }
    }

    pub fn from_code(code: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|kind| kind.code() == code)
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Kind::Pdf => "application/pdf",
            Kind::Jpeg => "image/jpeg",
            Kind::Png => "image/png",
            Kind::Ofd => "application/ofd",
            Kind::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            Kind::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Kind::Doc => "application/msword",
            Kind::Xls => "application/vnd.ms-excel",
            Kind::Wps => "application/wps-office.wps",
            Kind::Mp3 => "audio/mpeg",
            Kind::Wav => "audio/wav",
        }
    }

    /// Recognises the kind from the first bytes; zip containers (OFD, DOCX, XLSX) by the
    /// part names their local headers carry, OLE compound files (DOC, XLS) by their streams'
    /// names. A WPS document is a DOC by its content: see [`Kind::of`].
    pub fn sniff(bytes: &[u8]) -> Option<Kind> {
        let contains = |needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
        if bytes.starts_with(b"%PDF-") {
            Some(Kind::Pdf)
        } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(Kind::Jpeg)
        } else if bytes.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
            Some(Kind::Png)
        } else if bytes.starts_with(b"PK\x03\x04") {
            if contains(b"OFD.xml") {
                Some(Kind::Ofd)
            } else if contains(b"word/") {
                Some(Kind::Docx)
            } else if contains(b"xl/") {
                Some(Kind::Xlsx)
            } else {
                None
            }
        } else if bytes.starts_with(&OLE) {
            if contains(&utf16("WordDocument")) {
                Some(Kind::Doc)
            } else if contains(&utf16("Workbook")) || contains(&utf16("Book")) {
                Some(Kind::Xls)
            } else {
                None
            }
        } else if bytes.starts_with(b"ID3")
            || (bytes.len() > 1 && bytes[0] == 0xFF && bytes[1] & 0xE0 == 0xE0)
        {
            Some(Kind::Mp3)
        } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WAVE" {
            Some(Kind::Wav)
        } else {
            None
        }
    }

    /// The kind of an upload: its content's, except that a Word binary named `.wps` is a
    /// WPS 文字 document (the name only picks between two kinds the content allows).
    pub fn of(upload: &Upload) -> Option<Kind> {
        match Kind::sniff(&upload.bytes)? {
            Kind::Doc if upload.file_name.to_lowercase().ends_with(".wps") => Some(Kind::Wps),
            kind => Some(kind),
        }
    }

    fn label(self) -> &'static str {
        match self {
            Kind::Pdf => "PDF",
            Kind::Jpeg => "JPG",
            Kind::Png => "PNG",
            Kind::Ofd => "OFD",
            Kind::Docx => "Word(docx)",
            Kind::Xlsx => "Excel(xlsx)",
            Kind::Doc => "Word(doc)",
            Kind::Xls => "Excel(xls)",
            Kind::Wps => "WPS",
            Kind::Mp3 => "MP3",
            Kind::Wav => "WAV",
        }
    }
}

/// What an upload form accepts.
#[derive(Debug, Clone, Copy)]
pub struct Policy {
    pub max_bytes: usize,
    pub kinds: &'static [Kind],
}

impl Policy {
    /// Citizens' appeal attachments: photos and documents, 10 MB each.
    pub const APPEAL: Policy = Policy {
        max_bytes: 10 * 1024 * 1024,
        kinds: &[Kind::Jpeg, Kind::Png, Kind::Pdf],
    };
    /// Application materials, samples and blank forms: documents and scans, 10 MB each.
    pub const MATERIAL: Policy = Policy {
        max_bytes: 10 * 1024 * 1024,
        kinds: &[
            Kind::Pdf,
            Kind::Ofd,
            Kind::Jpeg,
            Kind::Png,
            Kind::Docx,
            Kind::Xlsx,
        ],
    };
    /// Call recordings and signed forms kept with an order's archive, 50 MB each.
    pub const ARCHIVE: Policy = Policy {
        max_bytes: 50 * 1024 * 1024,
        kinds: &[Kind::Mp3, Kind::Wav, Kind::Pdf, Kind::Jpeg, Kind::Png],
    };

    /// The accepted kinds as the form's hint, e.g. "JPG、PNG、PDF".
    pub fn kinds_hint(&self) -> String {
        self.kinds
            .iter()
            .map(|kind| kind.label())
            .collect::<Vec<_>>()
            .join("、")
    }

    /// Checks one upload; the message names the file's label and what is allowed.
    pub fn check(&self, upload: &Upload) -> Result<Kind> {
        if upload.bytes.is_empty() {
            return Err(Error::Invalid(format!("附件“{}”是空文件", upload.label)));
        }
        if upload.bytes.len() > self.max_bytes {
            return Err(Error::Invalid(format!(
                "附件“{}”超过 {} MB 的大小上限",
                upload.label,
                self.max_bytes / (1024 * 1024)
            )));
        }
        match Kind::of(upload) {
            Some(kind) if self.kinds.contains(&kind) => Ok(kind),
            _ => Err(Error::Invalid(format!(
                "附件“{}”的文件类型不允许，只接受 {} 文件",
                upload.label,
                self.kinds_hint()
            ))),
        }
    }
}

/// One uploaded file before it is stored.
#[derive(Debug, Clone)]
pub struct Upload {
    /// What the file is (a material's name, 附件1 …), shown instead of the file name.
    pub label: String,
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// What a file belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Owner {
    pub kind: &'static str,
    pub id: i64,
}

/// An attachment without its content or original name: what lists show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meta {
    pub id: i64,
    pub owner_kind: String,
    pub owner_id: i64,
    pub label: String,
    pub kind: Kind,
    pub size: i64,
    pub digest: String,
    pub created_at: i64,
}

impl Meta {
    /// The name offered on download: the label and the sniffed extension.
    pub fn download_name(&self) -> String {
        format!("{}.{}", self.label, self.kind.code())
    }

    /// The size for people: "12 KB", "3.4 MB".
    pub fn size_text(&self) -> String {
        let size = self.size as f64;
        if size >= 1024.0 * 1024.0 {
            format!("{:.1} MB", size / (1024.0 * 1024.0))
        } else {
            format!("{} KB", (self.size + 1023) / 1024)
        }
    }
}

/// Checks every upload against the policy before anything is stored, so that one bad file
/// refuses the whole submission and changes nothing.
pub fn check_all(policy: &Policy, uploads: &[Upload]) -> Result<Vec<Kind>> {
    uploads.iter().map(|upload| policy.check(upload)).collect()
}

/// A checked upload sealed for storage. Sealing is the costly part of storing a file, so
/// busy paths seal before their write transaction and only insert inside it.
#[derive(Clone)]
pub struct Sealed {
    label: String,
    kind: Kind,
    size: i64,
    digest: String,
    name_sealed: Vec<u8>,
    content_sealed: Vec<u8>,
}

impl std::fmt::Debug for Sealed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Sealed({}, {}, {} bytes)",
            self.label,
            self.kind.code(),
            self.size
        )
    }
}

/// Checks an upload against the policy and seals its content and original name.
pub fn seal(key: &DataKey, policy: &Policy, upload: &Upload) -> Result<Sealed> {
    let kind = policy.check(upload)?;
    Ok(Sealed {
        label: upload.label.trim().to_owned(),
        kind,
        size: i64::try_from(upload.bytes.len()).unwrap_or(i64::MAX),
        digest: hex::encode(Sm3::digest(&upload.bytes)),
        name_sealed: key.seal(&upload.file_name)?,
        content_sealed: key.seal_bytes(&upload.bytes)?,
    })
}

/// Stores a sealed upload in the caller's transaction.
pub async fn insert_sealed(tx: &mut Tx, owner: Owner, sealed: &Sealed, now: i64) -> Result<i64> {
    let row = sqlx::query(
        "INSERT INTO attachments (owner_kind, owner_id, label, kind, size, digest, name_sealed, \
         content_sealed, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(owner.kind)
    .bind(owner.id)
    .bind(&sealed.label)
    .bind(sealed.kind.code())
    .bind(sealed.size)
    .bind(&sealed.digest)
    .bind(&sealed.name_sealed)
    .bind(&sealed.content_sealed)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    Ok(row.try_get("id")?)
}

/// Checks, seals and stores an upload in the caller's transaction.
pub async fn store(
    tx: &mut Tx,
    key: &DataKey,
    owner: Owner,
    policy: &Policy,
    upload: &Upload,
    now: i64,
) -> Result<i64> {
    insert_sealed(tx, owner, &seal(key, policy, upload)?, now).await
}

const META_COLUMNS: &str = "id, owner_kind, owner_id, label, kind, size, digest, created_at";

fn meta_of(row: &sqlx::any::AnyRow) -> Result<Meta> {
    let code: String = row.try_get("kind")?;
    Ok(Meta {
        id: row.try_get("id")?,
        owner_kind: row.try_get("owner_kind")?,
        owner_id: row.try_get("owner_id")?,
        label: row.try_get("label")?,
        kind: Kind::from_code(&code)
            .ok_or_else(|| anyhow::anyhow!("unknown attachment kind {code}"))?,
        size: row.try_get("size")?,
        digest: row.try_get("digest")?,
        created_at: row.try_get("created_at")?,
    })
}

/// The attachments of one owner, oldest first.
pub async fn list(db: &Db, owner: Owner) -> Result<Vec<Meta>> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {META_COLUMNS} FROM attachments WHERE owner_kind = $1 AND owner_id = $2 ORDER BY id"
    )))
    .bind(owner.kind)
    .bind(owner.id)
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(meta_of).collect()
}

/// One attachment's metadata; the caller checks that the viewer may see its owner.
pub async fn meta(db: &Db, id: i64) -> Result<Meta> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {META_COLUMNS} FROM attachments WHERE id = $1"
    )))
    .bind(id)
    .fetch_optional(&db.pool)
    .await?
    .ok_or_else(|| Error::NotFound("附件不存在".into()))?;
    meta_of(&row)
}

/// The clear content of an attachment, checked against its SM3 digest.
pub async fn content(db: &Db, key: &DataKey, id: i64) -> Result<Vec<u8>> {
    let row = sqlx::query("SELECT content_sealed, digest FROM attachments WHERE id = $1")
        .bind(id)
        .fetch_optional(&db.pool)
        .await?
        .ok_or_else(|| Error::NotFound("附件不存在".into()))?;
    let sealed: Vec<u8> = row.try_get("content_sealed")?;
    let digest: String = row.try_get("digest")?;
    let clear = key.open_bytes(&sealed)?;
    if hex::encode(Sm3::digest(&clear)) != digest {
        return Err(anyhow::anyhow!("attachment {id} does not match its digest").into());
    }
    Ok(clear)
}

/// The original file name as uploaded: for roles that may see the appellant's identity.
pub async fn original_name(db: &Db, key: &DataKey, id: i64) -> Result<String> {
    let row = sqlx::query("SELECT name_sealed FROM attachments WHERE id = $1")
        .bind(id)
        .fetch_optional(&db.pool)
        .await?
        .ok_or_else(|| Error::NotFound("附件不存在".into()))?;
    let sealed: Vec<u8> = row.try_get("name_sealed")?;
    key.open(&sealed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn upload(bytes: &[u8]) -> Upload {
        Upload {
            label: "附件1".into(),
            file_name: "张三的身份证.jpg".into(),
            bytes: bytes.to_vec(),
        }
    }

    #[test]
    fn sniffs_kinds_from_content_not_name() {
        let cases: &[(&[u8], Option<Kind>)] = &[
            (b"%PDF-1.7\n...", Some(Kind::Pdf)),
            (&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10], Some(Kind::Jpeg)),
            (b"\x89PNG\r\n\x1a\n\0\0", Some(Kind::Png)),
            (b"PK\x03\x04....OFD.xml....", Some(Kind::Ofd)),
            (b"PK\x03\x04....word/document.xml", Some(Kind::Docx)),
            (b"PK\x03\x04....xl/workbook.xml", Some(Kind::Xlsx)),
            (b"PK\x03\x04....something.txt", None),
            (b"ID3\x04\0", Some(Kind::Mp3)),
            (b"RIFF\0\0\0\0WAVEfmt ", Some(Kind::Wav)),
            (b"MZ\x90\0 an exe", None),
            (b"<html>", None),
        ];
        for (bytes, expected) in cases {
            assert_eq!(Kind::sniff(bytes), *expected, "{bytes:?}");
        }
    }

    /// An OLE compound file whose directory names `stream` (UTF-16LE), as Word, Excel and WPS
    /// write them.
    fn ole(stream: &str) -> Vec<u8> {
        let mut bytes = OLE.to_vec();
        bytes.extend([0; 504]);
        bytes.extend(utf16("Root Entry"));
        bytes.extend([0; 44]);
        bytes.extend(utf16(stream));
        bytes
    }

    #[test]
    fn sniffs_word_excel_and_wps_binaries_by_their_streams() {
        assert_eq!(Kind::sniff(&ole("WordDocument")), Some(Kind::Doc));
        assert_eq!(Kind::sniff(&ole("Workbook")), Some(Kind::Xls));
        assert_eq!(Kind::sniff(&ole("Book")), Some(Kind::Xls));
        // An OLE file of anything else (an MSI installer, a PowerPoint) is not a document.
        assert_eq!(Kind::sniff(&ole("PowerPoint Document")), None);
        let named = |file_name: &str, bytes: Vec<u8>| Upload {
            label: "附件1".into(),
            file_name: file_name.into(),
            bytes,
        };
        // The name picks WPS only for a Word binary; it never makes another file a document.
        assert_eq!(
            Kind::of(&named("通知.WPS", ole("WordDocument"))),
            Some(Kind::Wps)
        );
        assert_eq!(
            Kind::of(&named("通知.doc", ole("WordDocument"))),
            Some(Kind::Doc)
        );
        assert_eq!(Kind::of(&named("表.wps", ole("Workbook"))), Some(Kind::Xls));
        assert_eq!(Kind::of(&named("病毒.wps", b"MZ\x90\0".to_vec())), None);
        for kind in [Kind::Doc, Kind::Xls, Kind::Wps] {
            assert_eq!(Kind::from_code(kind.code()), Some(kind));
        }
    }

    #[test]
    fn policy_refuses_wrong_kind_empty_and_oversized_with_chinese_messages() {
        let policy = Policy::APPEAL;
        assert_eq!(policy.check(&upload(b"%PDF-1.4")).unwrap(), Kind::Pdf);
        let wrong = policy.check(&upload(b"MZ\x90\0")).unwrap_err().to_string();
        assert!(wrong.contains("只接受 JPG、PNG、PDF"), "{wrong}");
        let docx = policy
            .check(&upload(b"PK\x03\x04word/"))
            .unwrap_err()
            .to_string();
        assert!(docx.contains("文件类型不允许"), "{docx}");
        assert!(
            policy
                .check(&upload(b""))
                .unwrap_err()
                .to_string()
                .contains("空文件")
        );
        let mut big = b"%PDF-".to_vec();
        big.resize(policy.max_bytes + 1, b' ');
        let too_big = policy.check(&upload(&big)).unwrap_err().to_string();
        assert!(too_big.contains("超过 10 MB"), "{too_big}");
        big.truncate(policy.max_bytes);
        assert!(policy.check(&upload(&big)).is_ok());
    }
}
