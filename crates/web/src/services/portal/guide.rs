//! The service guide (办事指南, SVC-ITEM-FIELDS): every basic, process and materials element
//! of the published version, the generated flow chart, samples and blank forms to download;
//! the print view the hall hands out renders the same record.

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::{Path, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use platform::Error;
use platform::attachments::{self, Meta, Owner};
use services::AttachmentId;
use services::item::{Fee, Materials, WindowMode};
use services::usecase::online::ITEM_OWNER;
use services::usecase::{PublishedItem, published_item};

use super::flow_svg::flow_svg;
use super::{cross_region_label, material_kind_label, source_label, unit_name, unit_names};
use crate::AppState;
use crate::chrome::Chrome;
use crate::csrf::CsrfToken;
use crate::error::PageError;
use crate::extract::{FileId, Ids};

pub struct FileLink {
    href: String,
    name: String,
    size: String,
}

pub struct StageRow {
    name: String,
    department: String,
    handler_role: String,
    limit: String,
    /// 办理窗口 (SVC-ITEM-FIELDS as amended).
    window: String,
}

pub struct MaterialRow {
    name: String,
    kind: &'static str,
    source: &'static str,
    criteria: String,
    requirements: String,
    copies: u32,
    required: bool,
    licence: Option<String>,
    sample: Option<FileLink>,
    blank_form: Option<FileLink>,
    /// SVC-ITEM-FIELDS as amended, SVC-MATERIAL-BASIS: specification, 填报须知, electronic
    /// copy, legal basis, issuing department.
    more: services::item::MaterialMore,
}

/// Every element of the guide, as text for the page.
pub struct Guide {
    code: String,
    version: u32,
    name: String,
    main_name: String,
    sub_name: String,
    item_type: &'static str,
    case_type: &'static str,
    department: String,
    authority_source: String,
    exercise_level: String,
    legal_limit: String,
    promised_limit: String,
    acceptance_limit: String,
    fee: String,
    fee_basis: String,
    result_name: String,
    result_sample: Option<FileLink>,
    delivery: String,
    onsite_visits: u32,
    cross_region: &'static str,
    supervision_phone: String,
    consultation_phone: String,
    office_hours: String,
    office_address: String,
    intermediary: String,
    acceptance_criteria: String,
    legal_basis: String,
    targets: String,
    themes: String,
    topics: String,
    prereview: String,
    window: String,
    stages: Vec<StageRow>,
    specials: Vec<(String, String)>,
    parallel: Vec<(String, String)>,
    materials: Vec<MaterialRow>,
    no_materials: Option<String>,
    flow_svg: String,
    accepts: bool,
    /// SVC-ITEM-FIELDS as amended: 许可数量, 收费方式, 交通指引, 办理形式, 审查标准, the online
    /// depth and address (SVC-ONLINE-URL).
    more: services::item::MoreElements,
}

fn join<T>(items: &[T], label: impl Fn(&T) -> String) -> String {
    let joined = items.iter().map(label).collect::<Vec<_>>().join("、");
    if joined.is_empty() {
        "无".into()
    } else {
        joined
    }
}

async fn load(state: &AppState, code: &str) -> Result<(PublishedItem, Guide), PageError> {
    let published = published_item(&state.platform.db, code)
        .await?
        .ok_or_else(|| Error::not_found(format!("事项 {code}")))?;
    let units = unit_names(state).await?;
    let files: HashMap<i64, Meta> = attachments::list(
        &state.platform.db,
        Owner {
            kind: ITEM_OWNER,
            id: published.id.0,
        },
    )
    .await?
    .into_iter()
    .map(|meta| (meta.id, meta))
    .collect();
    let profile = state.profile().await?;
    let guide = build(
        &published,
        &units,
        &files,
        &profile.services.prereview.0.label_zh(),
        &profile.services.supplement_after_acceptance.0.label_zh(),
    );
    Ok((published, guide))
}

fn build(
    published: &PublishedItem,
    units: &HashMap<i64, String>,
    files: &HashMap<i64, Meta>,
    prereview: &str,
    supplement: &str,
) -> Guide {
    let code = &published.code;
    let link = |id: Option<AttachmentId>| {
        let meta = files.get(&id?.0)?;
        Some(FileLink {
            href: format!("/services/items/{code}/files/{}", meta.id),
            name: meta.download_name(),
            size: meta.size_text(),
        })
    };
    let item = &published.item;
    let basic = &item.basic;
    let (fee, fee_basis) = match &basic.fee {
        Fee::Free => ("不收费".to_owned(), "无".to_owned()),
        Fee::Charged { standard, basis } => (format!("收费：{standard}"), basis.clone()),
    };
    let (materials, no_materials) = match &item.materials {
        Materials::NoneNeeded { explanation } => (Vec::new(), Some(explanation.clone())),
        Materials::List(list) => (
            list.iter()
                .map(|m| MaterialRow {
                    name: m.name.clone(),
                    kind: material_kind_label(m.kind),
                    source: source_label(m.source),
                    criteria: m.criteria.clone(),
                    requirements: m.requirements.clone(),
                    copies: m.copies,
                    required: m.required,
                    licence: m.licence_type.clone(),
                    sample: link(m.sample),
                    blank_form: link(m.blank_form),
                    more: m.more.clone(),
                })
                .collect(),
            None,
        ),
    };
    let name = if basic.sub_name.trim().is_empty() {
        basic.main_name.clone()
    } else {
        format!("{}（{}）", basic.main_name, basic.sub_name)
    };
    Guide {
        code: code.clone(),
        version: published.version,
        name,
        main_name: basic.main_name.clone(),
        sub_name: if basic.sub_name.is_empty() {
            "无".into()
        } else {
            basic.sub_name.clone()
        },
        item_type: basic.item_type.label_zh(),
        case_type: basic.case_type.label_zh(),
        department: unit_name(units, basic.department.0),
        authority_source: basic.authority_source.clone(),
        exercise_level: basic.exercise_level.clone(),
        legal_limit: basic.legal_limit.label_zh(),
        promised_limit: basic.promised_limit.label_zh(),
        acceptance_limit: basic.acceptance_limit.label_zh(),
        fee,
        fee_basis,
        result_name: basic.result.name.clone(),
        result_sample: link(basic.result.sample),
        delivery: join(&basic.delivery, |m| m.label_zh().to_owned()),
        onsite_visits: basic.onsite_visits,
        cross_region: cross_region_label(basic.cross_region),
        supervision_phone: basic.supervision_phone.clone(),
        consultation_phone: basic.consultation_phone.clone(),
        office_hours: basic.office_hours.clone(),
        office_address: basic.office_address.clone(),
        intermediary: join(&basic.intermediary_services, Clone::clone),
        acceptance_criteria: basic.acceptance_criteria.clone(),
        legal_basis: basic.legal_basis.clone(),
        targets: join(&basic.targets, |t| t.label_zh().to_owned()),
        themes: join(&basic.themes, |t| t.label().to_owned()),
        topics: join(&basic.topics, Clone::clone),
        prereview: if basic.offers_prereview {
            format!("提供网上预审（{prereview}内出具预审意见）")
        } else {
            "不提供".into()
        },
        window: match basic.window {
            WindowMode::Professional => "专业窗口受理".into(),
            WindowMode::Comprehensive { window } => {
                format!("{} 综合窗口受理、出件", unit_name(units, window.0))
            }
        },
        stages: item
            .process
            .stages
            .iter()
            .map(|s| StageRow {
                name: s.name.clone(),
                department: unit_name(units, s.department.0),
                handler_role: s.handler_role.clone(),
                limit: s.limit.label_zh(),
                window: s.window.clone(),
            })
            .collect(),
        specials: item
            .process
            .special
            .iter()
            .map(|s| (s.procedure.label_zh().to_owned(), s.limit.label_zh()))
            // SVC-SPECIAL (003 §20 向社会公布): 补齐补正 after acceptance, for every item.
            .chain([("受理后补齐补正".to_owned(), supplement.to_owned())])
            .collect(),
        parallel: item
            .process
            .parallel
            .iter()
            .map(|p| (unit_name(units, p.department.0), p.limit.label_zh()))
            .collect(),
        materials,
        no_materials,
        flow_svg: flow_svg(item, units, prereview),
        accepts: published.accepts_applications,
        more: basic.more.clone(),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "portal/services_guide.html")]
pub struct GuidePage {
    chrome: Chrome,
    guide: Guide,
}

#[derive(Template, WebTemplate)]
#[template(path = "portal/services_print.html")]
pub struct PrintPage {
    chrome: Chrome,
    guide: Guide,
}

/// `GET /services/items/{code}`: the guide of the published version.
pub async fn page(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    Path(code): Path<String>,
) -> Result<GuidePage, PageError> {
    let (_, guide) = load(&state, &code).await?;
    Ok(GuidePage {
        chrome: Chrome::public(&state, &csrf).await?,
        guide,
    })
}

/// `GET /services/items/{code}/print`: the same record for the hall's printed guide.
pub async fn print(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    Path(code): Path<String>,
) -> Result<PrintPage, PageError> {
    let (_, guide) = load(&state, &code).await?;
    Ok(PrintPage {
        chrome: Chrome::public(&state, &csrf).await?,
        guide,
    })
}

/// RFC 6266 / 5987: an ASCII fallback name and the UTF-8 name percent-encoded.
fn content_disposition(meta: &Meta) -> String {
    let name = meta.download_name();
    let encoded: String =
        percent_encoding::utf8_percent_encode(&name, percent_encoding::NON_ALPHANUMERIC)
            .to_string();
    format!(
        "attachment; filename=\"file-{}.{}\"; filename*=UTF-8''{encoded}",
        meta.id,
        meta.kind.code()
    )
}

/// `GET /services/items/{code}/files/{id}`: a sample, blank form or result sample of this
/// item; any other attachment id is not found (it may belong to a case).
pub async fn download(
    State(state): State<AppState>,
    Ids(code, FileId(id)): Ids<String, FileId>,
) -> Result<Response, PageError> {
    let missing = || Error::not_found("附件");
    let published = published_item(&state.platform.db, &code)
        .await?
        .ok_or_else(missing)?;
    let meta = attachments::meta(&state.platform.db, id).await?;
    // Only a file the published version offers: a draft's upload stays in the office.
    if meta.owner_kind != ITEM_OWNER
        || meta.owner_id != published.id.0
        || !services::usecase::guide_files::offered_by(&published.item, AttachmentId(id))
    {
        return Err(missing().into());
    }
    let bytes = attachments::content(&state.platform.db, &state.platform.key, id).await?;
    Ok((
        [
            (CONTENT_TYPE, meta.kind.content_type().to_owned()),
            (CONTENT_DISPOSITION, content_disposition(&meta)),
            (CACHE_CONTROL, "public, max-age=300".to_owned()),
        ],
        bytes,
    )
        .into_response())
}
