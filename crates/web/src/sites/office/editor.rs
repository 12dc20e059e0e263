//! The draft editor (WEB-REVIEW, WEB-ARTICLE): title, source, the major flag, a policy
//! document's elements when the column is a policy column, the body and attachments. The body
//! is a plain textarea that `static/editor.js` turns into a small rich-text editor (a
//! contenteditable with a toolbar that writes its HTML back into the field); without
//! JavaScript the textarea still works, plain text becoming paragraphs. The server cleans the
//! HTML with its allow-list (`sites::sanitize`); files are checked by their content
//! (`usecase::ARTICLE_FILES`) before anything is stored. Only the column's A/B editors write
//! (WEB-COLUMNS): anyone else's draft is refused with the domain's message, nothing stored.
//! The editor also marks a map with its 审图号 (WEB-MAP) and a repost with its licensed source
//! and the instant of the repost notice (WEB-REPOST), saved with the content in one
//! transaction.

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::{FromRequest, Request, State};
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Redirect, Response};
use calendar::Instant;
use chrono::{NaiveDate, NaiveTime, Timelike as _};
use platform::attachments::{self, Upload};
use serde::Deserialize;
use sites::article::{CommandKind, Content, MapMark, Marks, PolicyMeta, Repost};
use sites::column::{Column, ColumnKind};
use sites::usecase::{self, ARTICLE_FILES};
use sites::{ArticleId, ColumnId};

use super::{ArticleNo, ColumnNo, acting, article_in_scope, column_in_scope, shown_on_page};
use crate::AppState;
use crate::chrome::{Chrome, minute_of};
use crate::csrf::CsrfToken;
use crate::error::{PageError, status_of};
use crate::extract::Id;
use crate::staff::{Judged, Staff};
use crate::upload::{Multipart, UploadLimits};

/// What an article's form may carry: files of the article policy (20 MB each) and a body of
/// up to half a million characters of HTML.
const ARTICLE_LIMITS: UploadLimits = UploadLimits {
    total_bytes: crate::upload::MAX_UPLOAD_BYTES,
    file_bytes: 20 * 1024 * 1024 + 64 * 1024,
    text_bytes: 2 * 1024 * 1024,
    parts: 64,
};

/// The editor's multipart form, read after the guard within [`ARTICLE_LIMITS`].
pub struct ArticleMultipart(Multipart);

impl FromRequest<AppState> for ArticleMultipart {
    type Rejection = PageError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let content_type = req
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|value| value.to_str().ok());
        let boundary = crate::upload::boundary(content_type);
        let urlencoded = content_type
            .is_some_and(|value| value.starts_with("application/x-www-form-urlencoded"));
        if boundary.is_none() && !urlencoded {
            return Err(PageError(platform::Error::invalid(
                "请使用页面上的表单提交（需要 multipart/form-data）",
            )));
        }
        crate::upload::read(req, boundary, ARTICLE_LIMITS, state)
            .await
            .map(ArticleMultipart)
    }
}

/// What the editor sends besides files.
#[derive(Deserialize, Default, Clone)]
#[serde(deny_unknown_fields, default)]
pub struct DraftForm {
    pub title: String,
    pub source: String,
    pub body: String,
    pub major: Option<String>,
    pub index_number: String,
    pub issuer: String,
    pub document_number: String,
    pub written_on: String,
    pub subject: String,
    pub version: String,
    /// WEB-MAP: `yes` when the article shows a map (a choice, `no` first), and its 审图号.
    pub has_map: Option<String>,
    pub map_approval: String,
    /// WEB-REPOST: `yes` for a repost (a choice, `no` first), its 稿源单位 and the date and
    /// time of the repost notice.
    pub is_repost: Option<String>,
    pub repost_source: String,
    pub repost_notice_date: String,
    pub repost_notice_time: String,
}

impl DraftForm {
    fn of(content: &Content, major: bool, marks: &Marks, version: i64) -> DraftForm {
        let policy = content.policy.as_ref();
        let notice = marks
            .repost
            .as_ref()
            .map(|r| minute_of(r.notice_at.millis()));
        let notice = notice.as_deref().unwrap_or_default();
        let text = |get: fn(&PolicyMeta) -> String| policy.map(get).unwrap_or_default();
        DraftForm {
            title: content.title.clone(),
            source: content.source.clone(),
            body: content.body.clone(),
            major: major.then(|| "1".to_owned()),
            index_number: text(|p| p.index_number.clone()),
            issuer: text(|p| p.issuer.clone()),
            document_number: text(|p| p.document_number.clone()),
            written_on: text(|p| p.written_on.to_string()),
            subject: text(|p| p.subject.clone()),
            version: version.to_string(),
            has_map: marks.map.as_ref().map(|_| "yes".to_owned()),
            map_approval: marks
                .map
                .as_ref()
                .map(|m| m.approval.clone())
                .unwrap_or_default(),
            is_repost: marks.repost.as_ref().map(|_| "yes".to_owned()),
            repost_source: marks
                .repost
                .as_ref()
                .map(|r| r.source.clone())
                .unwrap_or_default(),
            repost_notice_date: notice.get(..10).unwrap_or_default().to_owned(),
            repost_notice_time: notice.get(11..16).unwrap_or_default().to_owned(),
        }
    }

    /// WEB-MAP, WEB-REPOST: the marks the form gives; a repost's notice is a date and a time
    /// (Asia/Shanghai).
    fn marks(&self) -> platform::Result<Marks> {
        let checked = |flag: &Option<String>| flag.as_deref() == Some("yes");
        let map = checked(&self.has_map).then(|| MapMark {
            approval: self.map_approval.trim().to_owned(),
        });
        let repost = if checked(&self.is_repost) {
            let date = NaiveDate::parse_from_str(self.repost_notice_date.trim(), "%Y-%m-%d")
                .map_err(|_| {
                    platform::Error::invalid("请填写转载通知的日期，如 2026-12-02（WEB-REPOST）")
                })?;
            let time = match self.repost_notice_time.trim() {
                "" => NaiveTime::MIN,
                text => NaiveTime::parse_from_str(text, "%H:%M").map_err(|_| {
                    platform::Error::invalid("转载通知时间格式不正确，应如 09:30（WEB-REPOST）")
                })?,
            };
            Some(Repost {
                source: self.repost_source.trim().to_owned(),
                notice_at: Instant::from_local(date, time.hour() * 60 + time.minute()),
            })
        } else {
            None
        };
        Ok(Marks { map, repost })
    }

    fn major(&self) -> bool {
        self.major.as_deref().is_some_and(|v| !v.is_empty())
    }

    /// The content the form gives in a column of `kind`; a policy document keeps the
    /// interpretations already linked.
    fn content(&self, kind: ColumnKind, keep: Option<&PolicyMeta>) -> platform::Result<Content> {
        let policy = if kind == ColumnKind::Policy {
            let given = [
                &self.index_number,
                &self.issuer,
                &self.document_number,
                &self.subject,
                &self.written_on,
            ]
            .iter()
            .any(|text| !text.trim().is_empty());
            if given {
                let written_on = NaiveDate::parse_from_str(self.written_on.trim(), "%Y-%m-%d")
                    .map_err(|_| platform::Error::invalid("请填写成文日期，如 2026-12-02"))?;
                Some(PolicyMeta {
                    index_number: self.index_number.clone(),
                    issuer: self.issuer.clone(),
                    document_number: self.document_number.clone(),
                    written_on,
                    subject: self.subject.clone(),
                    interpretations: keep.map(|p| p.interpretations.clone()).unwrap_or_default(),
                })
            } else {
                None
            }
        } else {
            None
        };
        Ok(Content {
            title: self.title.clone(),
            body: body_html(&self.body),
            source: self.source.clone(),
            policy,
        })
    }
}

/// The body as HTML: what the rich-text editor wrote, or — typed without JavaScript, no
/// markup in it — plain text whose blank lines part paragraphs and line breaks stay.
pub fn body_html(body: &str) -> String {
    if body.contains('<') {
        return body.to_owned();
    }
    let escape = |text: &str| {
        text.replace('&', "&amp;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
    };
    body.replace("\r\n", "\n")
        .split("\n\n")
        .map(str::trim)
        .filter(|paragraph| !paragraph.is_empty())
        .map(|paragraph| {
            let lines: Vec<String> = paragraph.lines().map(|l| escape(l.trim())).collect();
            format!("<p>{}</p>", lines.join("<br>"))
        })
        .collect()
}

#[derive(Template, WebTemplate)]
#[template(path = "office/sites_editor.html")]
pub struct EditorPage {
    chrome: Chrome,
    /// `None` for a new draft.
    article: Option<(i64, String)>,
    column_id: i64,
    column_name: String,
    site_name: String,
    is_policy: bool,
    form: DraftForm,
    /// WEB-REPOST: the profile's licensed news sources, offered for a repost.
    licensed: Vec<String>,
    files: Vec<(i64, String, String)>,
    accept: &'static str,
    /// PUB-PROACTIVE: register documents a new draft may be made from (登记号, title).
    documents: Vec<(String, String)>,
    /// Why the viewer may not write here (no form then).
    refused: Option<String>,
    error: Option<String>,
}

impl EditorPage {
    fn action(&self) -> String {
        match &self.article {
            Some((id, _)) => format!("/office/sites/articles/{id}/edit"),
            None => format!("/office/sites/columns/{}/draft", self.column_id),
        }
    }
}

fn write_refusal(column: &Column) -> String {
    format!(
        "只有栏目“{}”的A岗、B岗编辑可以撰写和修改稿件（WEB-COLUMNS）",
        column.name
    )
}

pub(super) async fn new_page(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    column: ColumnId,
    form: DraftForm,
    error: Option<String>,
) -> Result<EditorPage, PageError> {
    let (stored, office) = column_in_scope(state, staff, column).await?;
    let column = &stored.column;
    let acting = acting(staff);
    let refused = if !column.editors.includes(acting.user) {
        Some(write_refusal(column))
    } else {
        column.check_open().err().map(|e| e.to_string())
    };
    Ok(EditorPage {
        chrome: Chrome::office(state, csrf, &staff.actor).await?,
        article: None,
        column_id: column.id.0,
        column_name: column.name.clone(),
        site_name: office.site.registration().name.clone(),
        is_policy: column.kind == ColumnKind::Policy,
        form,
        licensed: licensed(state).await?,
        files: Vec::new(),
        accept: ACCEPT,
        documents: usecase::documents::draftable_documents(&state.platform.db, 200)
            .await?
            .into_iter()
            .map(|d| (d.number, d.title))
            .collect(),
        refused,
        error,
    })
}

/// WEB-REPOST: the profile's licensed news sources.
async fn licensed(state: &AppState) -> platform::Result<Vec<String>> {
    let profile = state.profile().await?;
    Ok(profile
        .website
        .licensed_news_source_list()
        .into_iter()
        .map(str::to_owned)
        .collect())
}

/// What the file input accepts: the article policy's kinds.
const ACCEPT: &str = ".pdf,.ofd,.docx,.doc,.wps,.xlsx,.xls,.jpg,.jpeg,.png";

/// `GET /office/sites/columns/{id}/draft`.
pub async fn new_form(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(ColumnNo(id)): Id<ColumnNo>,
) -> Result<EditorPage, PageError> {
    new_page(
        &state,
        &csrf,
        &staff,
        ColumnId(id),
        DraftForm::default(),
        None,
    )
    .await
}

/// The files of the form, checked by their content before anything is stored.
fn uploads_of(multipart: &Multipart) -> platform::Result<Vec<Upload>> {
    let uploads: Vec<Upload> = multipart
        .files_named("files")
        .enumerate()
        .map(|(index, file)| file.upload(format!("附件{}", index + 1)))
        .collect();
    attachments::check_all(&ARTICLE_FILES, &uploads)?;
    Ok(uploads)
}

/// `POST /office/sites/columns/{id}/draft`: WEB-COLUMNS, WEB-REVIEW, a new draft by one of the
/// column's A/B editors, with its files.
pub async fn create(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(ColumnNo(id)): Id<ColumnNo>,
    ArticleMultipart(multipart): ArticleMultipart,
) -> Result<Response, PageError> {
    let (stored, _) = column_in_scope(&state, &staff, ColumnId(id)).await?;
    let form: DraftForm = multipart.form().unwrap_or_default();
    let outcome = async {
        let form: DraftForm = multipart.form()?;
        let content = form.content(stored.column.kind, None)?;
        let marks = form.marks()?;
        let uploads = uploads_of(&multipart)?;
        let judged = Judged::load(&state, &staff).await?;
        let context = judged.context(&state);
        let db = &state.platform.db;
        let acting = acting(&staff);
        let (article, _) = usecase::create_marked_draft(
            db,
            &context,
            &acting,
            ColumnId(id),
            (content, form.major()),
            marks,
        )
        .await?;
        if !uploads.is_empty() {
            usecase::attach_files(db, &context, &acting, article, &uploads).await?;
        }
        Ok::<ArticleId, platform::Error>(article)
    }
    .await;
    match outcome {
        Ok(article) => Ok(
            Redirect::to(&format!("/office/sites/articles/{}?done=1", article.0)).into_response(),
        ),
        Err(error) if shown_on_page(&error) => {
            let status = status_of(&error);
            let page = new_page(
                &state,
                &csrf,
                &staff,
                ColumnId(id),
                form,
                Some(error.to_string()),
            )
            .await?;
            Ok((status, page).into_response())
        }
        Err(error) => Err(error.into()),
    }
}

async fn edit_page(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    id: ArticleId,
    form: Option<DraftForm>,
    error: Option<String>,
) -> Result<EditorPage, PageError> {
    let office = article_in_scope(state, staff, id).await?;
    let article = &office.article;
    let refused = (!office.available.contains(&CommandKind::Edit)).then(|| {
        if office
            .column
            .editors
            .includes(sites::UserId(staff.actor.user_id))
        {
            format!(
                "稿件当前为“{}”，只有草稿可以修改",
                article.status.label_zh()
            )
        } else {
            write_refusal(&office.column)
        }
    });
    Ok(EditorPage {
        chrome: Chrome::office(state, csrf, &staff.actor).await?,
        article: Some((id.0, office.number.clone())),
        column_id: office.column.id.0,
        column_name: office.column.name.clone(),
        site_name: office.site.registration().name.clone(),
        is_policy: office.column.kind == ColumnKind::Policy,
        form: form.unwrap_or_else(|| {
            DraftForm::of(
                &article.content,
                article.major,
                &article.marks(),
                office.version,
            )
        }),
        licensed: licensed(state).await?,
        files: office
            .attachments
            .iter()
            .map(|meta| (meta.id, meta.download_name(), meta.size_text()))
            .collect(),
        accept: ACCEPT,
        documents: Vec::new(),
        refused,
        error,
    })
}

/// `GET /office/sites/articles/{id}/edit`.
pub async fn edit_form(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(ArticleNo(id)): Id<ArticleNo>,
) -> Result<EditorPage, PageError> {
    edit_page(&state, &csrf, &staff, ArticleId(id), None, None).await
}

/// `POST /office/sites/articles/{id}/edit`: WEB-REVIEW, a new revision (every version kept)
/// and the files added; only a draft, only by the column's editors.
pub async fn edit(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(ArticleNo(id)): Id<ArticleNo>,
    ArticleMultipart(multipart): ArticleMultipart,
) -> Result<Response, PageError> {
    let office = article_in_scope(&state, &staff, ArticleId(id)).await?;
    let kept: DraftForm = multipart.form().unwrap_or_default();
    let outcome = async {
        let form: DraftForm = multipart.form()?;
        let version = form
            .version
            .trim()
            .parse::<i64>()
            .map_err(|_| platform::Error::invalid("页面已过期，请刷新后重试"))?;
        let current = &office.article;
        let content = form.content(office.column.kind, current.content.policy.as_ref())?;
        let uploads = uploads_of(&multipart)?;
        let judged = Judged::load(&state, &staff).await?;
        let context = judged.context(&state);
        let db = &state.platform.db;
        let acting = acting(&staff);
        let unchanged = usecase::articles::cleaned(content.clone())? == current.content
            && form.major() == current.major;
        let marks = form.marks()?;
        let marks_unchanged = marks == current.marks();
        if unchanged && marks_unchanged && uploads.is_empty() {
            return Err(platform::Error::invalid("稿件没有修改"));
        }
        if !unchanged || !marks_unchanged {
            let edit = (!unchanged).then(|| (content, form.major()));
            let marks = (!marks_unchanged).then_some(marks);
            usecase::revise_draft(db, &context, &acting, ArticleId(id), (edit, marks), version)
                .await?;
        }
        if !uploads.is_empty() {
            usecase::attach_files(db, &context, &acting, ArticleId(id), &uploads).await?;
        }
        Ok(())
    }
    .await;
    match outcome {
        Ok(()) => Ok(Redirect::to(&format!("/office/sites/articles/{id}?done=1")).into_response()),
        Err(error) if shown_on_page(&error) => {
            let status = status_of(&error);
            let page = edit_page(
                &state,
                &csrf,
                &staff,
                ArticleId(id),
                Some(kept),
                Some(error.to_string()),
            )
            .await?;
            Ok((status, page).into_response())
        }
        Err(error) => Err(error.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// WEB-REVIEW: without JavaScript the body is plain text; it becomes paragraphs, escaped.
    #[test]
    fn plain_text_becomes_paragraphs() {
        assert_eq!(
            body_html("第一段\n第二行\n\n第二段 a&b"),
            "<p>第一段<br>第二行</p><p>第二段 a&amp;b</p>"
        );
        assert_eq!(body_html("<p>已是HTML</p>"), "<p>已是HTML</p>");
        assert_eq!(body_html("  \n\n "), "");
    }
}
