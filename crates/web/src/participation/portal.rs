//! The public pages of messages (MSG-KINDS, MSG-LIMITS, MSG-PUBLISH, MSG-QUERY):
//! `/messages` (the channels with their reply limits, shown publicly, and the published
//! messages with acceptance date, reply date, replying unit), `/messages/{id}` (one
//! published message and its reply), `/messages/new` (the form: the phone verified by an SMS
//! code first, then the message; the number and query code shown once), `/messages/query`
//! (the message by number and code, in the writer's words, and the rating). A refusal is the
//! message on the page, nothing changed.

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use calendar::Instant;
use participation::message::{Channel, Filing, Message, Status, Writer};
use participation::store::messages::{self as store, Filter};
use participation::usecase::{self, phone};
use participation::{MessageId, UnitId};
use platform::audit::AuditActor;
use platform::db::now_ms;
use platform::personal::PhoneNumber;
use platform::workflow::Context;
use serde::Deserialize;

use super::{MessageNo, SUBMISSIONS_PER_MINUTE};
use crate::AppState;
use crate::chrome::{Chrome, date_of};
use crate::csrf::CsrfToken;
use crate::error::PageError;
use crate::extract::{ClientIp, Form, Id, Query};

pub(super) fn routes() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/messages", get(list))
        .route("/messages/new", get(new_form))
        .route("/messages/code", post(send_code))
        .route("/messages/submit", post(submit))
        .route("/messages/query", get(query_form).post(query))
        .route("/messages/statistics", get(super::statistics::public))
        .route("/messages/rate", post(rate))
        .route("/messages/{id}", get(page))
}

/// A channel with its reply limit (MSG-LIMITS: shown publicly).
pub struct ChannelLine {
    code: &'static str,
    label: &'static str,
    limit: String,
    selected: bool,
}

async fn channels(state: &AppState, selected: &str) -> platform::Result<Vec<ChannelLine>> {
    let profile = state.profile().await?;
    Ok(Channel::ALL
        .into_iter()
        .map(|channel| ChannelLine {
            code: channel.code(),
            label: channel.label_zh(),
            limit: channel.reply_limit(&profile).label_zh(),
            selected: channel.code() == selected,
        })
        .collect())
}

pub struct Line {
    id: i64,
    number: String,
    channel: &'static str,
    title: String,
    received: String,
    replied: String,
    unit: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "participation/list.html")]
pub struct ListPage {
    chrome: Chrome,
    channels: Vec<ChannelLine>,
    lines: Vec<Line>,
}

async fn unit_name(state: &AppState, unit: UnitId) -> String {
    platform::units::get(&state.platform.db, unit.0)
        .await
        .map(|unit| unit.name)
        .unwrap_or_default()
}

/// `GET /messages`: the channels and limits, the published messages of every site.
pub async fn list(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
) -> Result<ListPage, PageError> {
    let db = &state.platform.db;
    let mut lines = Vec::new();
    for stored in store::list(db, Filter::Published { site: None }, 200).await? {
        let message = &stored.message;
        let Some(reply) = &message.reply else {
            continue;
        };
        lines.push(Line {
            id: message.id.0,
            number: stored.number.clone(),
            channel: message.filing.channel.label_zh(),
            title: message.filing.title.clone(),
            received: date_of(message.received_at.millis()),
            replied: message
                .answered_at
                .map(|at| date_of(at.millis()))
                .unwrap_or_default(),
            unit: unit_name(&state, reply.unit).await,
        });
    }
    lines.sort_by(|a, b| b.received.cmp(&a.received).then(b.id.cmp(&a.id)));
    Ok(ListPage {
        chrome: Chrome::public(&state, &csrf).await?,
        channels: channels(&state, "").await?,
        lines,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "participation/message.html")]
pub struct MessagePage {
    chrome: Chrome,
    number: String,
    channel: &'static str,
    title: String,
    content: String,
    received: String,
    replied: String,
    unit: String,
    reply: String,
}

/// `GET /messages/{id}`: a published message with its reply (MSG-PUBLISH: acceptance date,
/// reply date, replying unit, content); any other is not found.
pub async fn page(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    Id(MessageNo(id)): Id<MessageNo>,
) -> Result<MessagePage, PageError> {
    let not_found = || PageError(platform::Error::not_found("留言"));
    let stored = store::get(&state.platform.db, MessageId(id))
        .await
        .map_err(|_| not_found())?;
    let message = stored.message;
    let reply = match (&message.reply, message.status) {
        (Some(reply), Status::Published) => reply.clone(),
        _ => return Err(not_found()),
    };
    Ok(MessagePage {
        chrome: Chrome::public(&state, &csrf).await?,
        number: stored.number,
        channel: message.filing.channel.label_zh(),
        title: message.filing.title.clone(),
        content: message.filing.content.clone(),
        received: date_of(message.received_at.millis()),
        replied: message
            .answered_at
            .map(|at| date_of(at.millis()))
            .unwrap_or_default(),
        unit: unit_name(&state, reply.unit).await,
        reply: reply.text,
    })
}

/// What the writer typed, to fill the form again after a refusal.
#[derive(Deserialize, Default, Clone)]
#[serde(deny_unknown_fields)]
pub struct WriteForm {
    #[serde(default)]
    channel: String,
    #[serde(default)]
    site: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    code: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    content: String,
    #[serde(default)]
    page: String,
    #[serde(default)]
    publish: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "participation/write.html")]
pub struct WritePage {
    chrome: Chrome,
    channels: Vec<ChannelLine>,
    sites: Vec<(i64, String, bool)>,
    form: WriteForm,
    message: String,
    ok: bool,
}

async fn write_page(
    state: &AppState,
    csrf: &CsrfToken,
    form: WriteForm,
    (message, ok): (String, bool),
) -> platform::Result<WritePage> {
    let site = form.site.trim().parse::<i64>().unwrap_or(0);
    let sites = store::sites(&state.platform.db)
        .await?
        .into_iter()
        .map(|(unit, name)| (unit.0, name, unit.0 == site))
        .collect();
    Ok(WritePage {
        chrome: Chrome::public(state, csrf).await?,
        channels: channels(state, form.channel.trim()).await?,
        sites,
        form,
        message,
        ok,
    })
}

#[derive(Deserialize)]
pub struct ChannelQuery {
    #[serde(default)]
    channel: String,
}

/// `GET /messages/new?channel=…`: the form (我为政府网站找错 is `channel=site_error`).
pub async fn new_form(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    Query(query): Query<ChannelQuery>,
    headers: axum::http::HeaderMap,
) -> Result<WritePage, PageError> {
    // Issue 23: the logged-in person's name written in (the phone is verified by its code).
    let prefill = crate::account::prefill(&state, &headers).await?;
    let form = WriteForm {
        channel: query.channel.chars().take(32).collect(),
        publish: "yes".into(),
        name: prefill.map(|p| p.name).unwrap_or_default(),
        ..WriteForm::default()
    };
    Ok(write_page(&state, &csrf, form, (String::new(), false)).await?)
}

fn limited(state: &AppState, client: &str) -> platform::Result<()> {
    // Abuse and spam (issue 17 item 5): a rate limit per client.
    if state
        .limiter
        .allow("participation", client, SUBMISSIONS_PER_MINUTE)
    {
        Ok(())
    } else {
        Err(platform::Error::invalid("提交过于频繁，请一分钟后再试"))
    }
}

fn shown(error: platform::Error) -> Result<String, PageError> {
    match error {
        platform::Error::Invalid(m)
        | platform::Error::Refused(m)
        | platform::Error::Conflict(m)
        | platform::Error::NotFound(m)
        | platform::Error::TooManyAttempts(m) => Ok(m),
        other => Err(other.into()),
    }
}

/// `POST /messages/code`: an SMS code to the writer's phone (through the SMS adapter).
pub async fn send_code(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    ClientIp(ip): ClientIp,
    Form(form): Form<WriteForm>,
) -> Result<Response, PageError> {
    let outcome = async {
        limited(&state, &ip)?;
        let phone = PhoneNumber::parse(form.phone.trim())?;
        let actor = AuditActor::anonymous(&ip);
        let now = Instant::from_millis(now_ms());
        phone::send_code(&state.platform.db, &state.platform.key, &actor, &phone, now).await?;
        Ok(format!(
            "验证码已发送至 {}，{} 分钟内有效",
            phone.masked(),
            phone::CODE_MINUTES
        ))
    }
    .await;
    let shown = match outcome {
        Ok(done) => (done, true),
        Err(error) => (shown(error)?, false),
    };
    Ok(write_page(&state, &csrf, form, shown)
        .await?
        .into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "participation/written.html")]
pub struct WrittenPage {
    chrome: Chrome,
    number: String,
    code: String,
    channel: &'static str,
    limit: String,
}

fn filing_of(form: &WriteForm) -> platform::Result<Filing> {
    let channel = Channel::from_code(form.channel.trim())
        .ok_or_else(|| platform::Error::invalid("请选择留言栏目"))?;
    Ok(Filing {
        channel,
        writer: Writer {
            name: form.name.clone(),
            phone: form.phone.clone(),
            email: String::new(),
        },
        title: form.title.clone(),
        content: form.content.clone(),
        allow_publication: form.publish.trim() == "yes",
        page: form.page.clone(),
    })
}

/// `POST /messages/submit`: every problem at once; the phone's code is spent only when the
/// message is otherwise acceptable; the number and query code are shown once.
pub async fn submit(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    ClientIp(ip): ClientIp,
    headers: axum::http::HeaderMap,
    Form(form): Form<WriteForm>,
) -> Result<Response, PageError> {
    let outcome = async {
        limited(&state, &ip)?;
        let filing = filing_of(&form)?;
        let problems = filing.problems();
        if !problems.is_empty() {
            return Err(platform::Error::invalid(problems.join("；")));
        }
        let site = form
            .site
            .trim()
            .parse::<i64>()
            .ok()
            .filter(|site| *site > 0)
            .ok_or_else(|| platform::Error::invalid("请选择网站"))?;
        let db = &state.platform.db;
        let key = &state.platform.key;
        let now = Instant::from_millis(now_ms());
        let phone = PhoneNumber::parse(form.phone.trim())?;
        phone::spend_code(db, key, &phone, &form.code, now).await?;
        let profile = state.profile().await?;
        let calendar = platform::workcal::load_current(db).await?;
        let actor = AuditActor::anonymous(&ip);
        let context = Context::new(key, &actor, &calendar, &profile, now);
        // Issue 23 item 3: filed while logged in, it is linked to the account.
        let filed_by = crate::account::filed_by(&state, &headers).await?;
        let submitted = usecase::submit_for(db, &context, UnitId(site), &filing, filed_by).await?;
        Ok((
            submitted,
            filing.channel,
            filing.channel.reply_limit(&profile),
        ))
    }
    .await;
    match outcome {
        Ok((submitted, channel, limit)) => Ok(WrittenPage {
            chrome: Chrome::public(&state, &csrf).await?,
            number: submitted.number,
            code: submitted.query_code,
            channel: channel.label_zh(),
            limit: limit.label_zh(),
        }
        .into_response()),
        Err(error) => {
            let message = shown(error)?;
            let page = write_page(&state, &csrf, form, (message, false)).await?;
            Ok((axum::http::StatusCode::BAD_REQUEST, page).into_response())
        }
    }
}

/// The writer's view of a message.
pub struct WriterView {
    number: String,
    channel: &'static str,
    title: String,
    content: String,
    status: &'static str,
    received: String,
    replied: String,
    reply: String,
    publication: String,
    rating: String,
    may_rate: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "participation/query.html")]
pub struct QueryPage {
    chrome: Chrome,
    number: String,
    code: String,
    view: Option<WriterView>,
    message: String,
    ok: bool,
}

async fn writer_view(state: &AppState, number: String, message: &Message) -> WriterView {
    let answered = message.status.is_answered();
    let reply = match (&message.reply, answered) {
        (Some(reply), true) => format!("{}：{}", unit_name(state, reply.unit).await, reply.text),
        _ => String::new(),
    };
    let publication = match &message.publication {
        Some(p) => match p.withheld {
            None => "已公开".to_owned(),
            Some(reason) if p.note.is_empty() => format!("不予公开：{}", reason.label_zh()),
            Some(reason) => format!("不予公开：{}（{}）", reason.label_zh(), p.note),
        },
        None => String::new(),
    };
    WriterView {
        number,
        channel: message.filing.channel.label_zh(),
        title: message.filing.title.clone(),
        content: message.filing.content.clone(),
        status: message.status.label_zh(),
        received: date_of(message.received_at.millis()),
        replied: message
            .answered_at
            .map(|at| date_of(at.millis()))
            .unwrap_or_default(),
        reply,
        publication,
        rating: message
            .rating
            .as_ref()
            .map(|r| format!("及时性 {} 星，答复质量 {} 星", r.timeliness, r.quality))
            .unwrap_or_default(),
        may_rate: message.rating.is_none()
            && matches!(message.status, Status::Published | Status::NotPublished),
    }
}

/// `GET /messages/query`.
pub async fn query_form(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
) -> Result<QueryPage, PageError> {
    Ok(QueryPage {
        chrome: Chrome::public(&state, &csrf).await?,
        number: String::new(),
        code: String::new(),
        view: None,
        message: String::new(),
        ok: false,
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QueryForm {
    #[serde(default)]
    number: String,
    #[serde(default)]
    code: String,
}

async fn query_page(
    state: &AppState,
    csrf: &CsrfToken,
    (number, code): (String, String),
    (message, ok): (String, bool),
) -> Result<Response, PageError> {
    let db = &state.platform.db;
    let found = usecase::lookup(db, &state.platform.key, &number, &code).await;
    let (view, message, ok) = match found {
        Ok(stored) => (
            Some(writer_view(state, stored.number.clone(), &stored.message).await),
            message,
            ok,
        ),
        Err(error) => (None, shown(error)?, false),
    };
    let status = if view.is_none() || (!ok && !message.is_empty()) {
        axum::http::StatusCode::BAD_REQUEST
    } else {
        axum::http::StatusCode::OK
    };
    let page = QueryPage {
        chrome: Chrome::public(state, csrf).await?,
        number: number.chars().take(40).collect(),
        code: code.chars().take(40).collect(),
        view,
        message,
        ok,
    };
    Ok((status, page).into_response())
}

/// `POST /messages/query`: the message by number and query code (MSG-QUERY).
pub async fn query(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    ClientIp(ip): ClientIp,
    Form(form): Form<QueryForm>,
) -> Result<Response, PageError> {
    if let Err(error) = limited(&state, &ip) {
        return query_page(
            &state,
            &csrf,
            (String::new(), String::new()),
            (shown(error)?, false),
        )
        .await;
    }
    query_page(
        &state,
        &csrf,
        (form.number, form.code),
        (String::new(), false),
    )
    .await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RateForm {
    #[serde(default)]
    number: String,
    #[serde(default)]
    code: String,
    #[serde(default)]
    timeliness: String,
    #[serde(default)]
    quality: String,
    #[serde(default)]
    comment: String,
}

/// `POST /messages/rate`: the writer rates timeliness and quality (MSG-QUERY); a bad rating
/// goes to 好差评's rectification.
pub async fn rate(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    ClientIp(ip): ClientIp,
    Form(form): Form<RateForm>,
) -> Result<Response, PageError> {
    let outcome = async {
        limited(&state, &ip)?;
        let star = |text: &str| text.trim().parse::<u8>().unwrap_or(0);
        let db = &state.platform.db;
        let profile = state.profile().await?;
        let calendar = platform::workcal::load_current(db).await?;
        let actor = AuditActor::anonymous(&ip);
        let now = Instant::from_millis(now_ms());
        let context = Context::new(&state.platform.key, &actor, &calendar, &profile, now);
        let code = (form.number.as_str(), form.code.as_str());
        let stars = (star(&form.timeliness), star(&form.quality));
        usecase::rate(db, &context, code, stars, &form.comment).await?;
        Ok("评价已提交，谢谢！".to_owned())
    }
    .await;
    let shown = match outcome {
        Ok(done) => (done, true),
        Err(error) => (shown(error)?, false),
    };
    query_page(&state, &csrf, (form.number, form.code), shown).await
}
