//! The item editor `/office/services/catalogue/{id}/edit` (SVC-ITEM-FIELDS as amended,
//! SVC-ITEM-LIFE, SVC-MATERIAL-BASIS, SVC-SPECIAL, SVC-ONLINE-URL): every guide element of the
//! working version in one form — basic elements, 许可数量, 收费方式, 交通指引, 结果名称,
//! 办理形式, 审查标准, the online depth and address, the stages with their limits and
//! windows, the special procedures with their published limits, and per material its type,
//! source, criteria, specification, 填报须知, electronic copy, legal basis and issuing
//! department, the accepting window (SVC-WINDOW: professional, or the centre's comprehensive
//! window) and the co-approving departments with their limits (SVC-PARALLEL, [`super::window`]).
//! Saving a published item opens a new version; the public keeps the published
//! one until the next publication. The problems that would refuse the submission are listed
//! under the form.

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use services::ItemId;
use services::item::{
    CaseType, Fee, Item, ItemCommand, ItemType, OnlineDepth, SpecialProcedure, Target,
    material_kind_zh, source_zh,
};
use services::usecase::{guide_files, item_office};

use super::form::{
    self, CROSS, DELIVERY, Fields, KINDS, SOURCES, cross_code, item_type_code, kind_code,
    procedure_code, source_code,
};
use super::window::{self, FieldProblems, UnitChoices, WindowView};
use super::{editable, unit_name};
use crate::AppState;
use crate::chrome::Chrome;
use crate::csrf::CsrfToken;
use crate::error::{PageError, status_of};
use crate::extract::{Form, Id};
use crate::staff::{Judged, Staff};

/// An option of a select or a checkbox: (code, label, chosen).
pub type Choice = (String, String, bool);

/// One material row of the form.
pub struct MaterialRow {
    pub index: usize,
    pub code: String,
    pub name: String,
    pub kinds: Vec<Choice>,
    pub sources: Vec<Choice>,
    pub criteria: String,
    pub requirements: String,
    pub copies: u32,
    pub required: bool,
    pub licence: String,
    pub specification: String,
    pub filling_notes: String,
    pub electronic_copy: bool,
    pub legal_basis: String,
    pub issuing_department: String,
    pub intermediary_contact: String,
    /// Sample and blank form on file.
    pub files: String,
}

/// One stage row of the form.
pub struct StageRow {
    pub index: usize,
    pub name: String,
    pub role: String,
    pub days: u32,
    pub window: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "office/services_catalogue_edit.html")]
pub struct EditorPage {
    chrome: Chrome,
    id: i64,
    code: String,
    department: String,
    version: i64,
    working: u32,
    status: &'static str,
    item: Item,
    item_types: Vec<Choice>,
    instant: bool,
    charged: bool,
    fee_standard: String,
    fee_basis: String,
    licence_type: String,
    delivery: Vec<Choice>,
    cross: Vec<Choice>,
    targets: Vec<Choice>,
    themes: String,
    intermediary: String,
    topics: String,
    depths: Vec<Choice>,
    materials_none: bool,
    materials_explanation: String,
    materials: Vec<MaterialRow>,
    stages: Vec<StageRow>,
    specials: Vec<(String, String, u32)>,
    /// 受理窗口 and 并联审批部门 (SVC-WINDOW, SVC-PARALLEL) with their problems.
    window: WindowView,
    /// The form's problems (nothing saved).
    errors: Vec<String>,
    /// What would refuse the submission (SVC-ITEM-FIELDS, SVC-MATERIAL-BASIS).
    problems: Vec<String>,
    saved: bool,
    /// Each saved material (code, name, files it has) for the sample and blank-form uploads.
    file_materials: Vec<(String, String, String)>,
    file_kinds: String,
    file_max_mb: usize,
}

fn choices<T: Copy + PartialEq>(
    options: &[T],
    code: fn(T) -> String,
    label: fn(T) -> String,
    chosen: &[T],
) -> Vec<Choice> {
    options
        .iter()
        .map(|option| (code(*option), label(*option), chosen.contains(option)))
        .collect()
}

fn material_rows(item: &Item) -> Vec<MaterialRow> {
    let mut rows: Vec<MaterialRow> = item
        .materials
        .list()
        .iter()
        .enumerate()
        .map(|(index, m)| MaterialRow {
            index,
            code: m.code.clone(),
            name: m.name.clone(),
            kinds: choices(
                &KINDS,
                kind_code,
                |k| material_kind_zh(k).to_owned(),
                &[m.kind],
            ),
            sources: choices(
                &SOURCES,
                source_code,
                |s| source_zh(s).to_owned(),
                &[m.source],
            ),
            criteria: m.criteria.clone(),
            requirements: m.requirements.clone(),
            copies: m.copies,
            required: m.required,
            licence: m.licence_type.clone().unwrap_or_default(),
            specification: m.more.specification.clone(),
            filling_notes: m.more.filling_notes.clone(),
            electronic_copy: m.more.electronic_copy,
            legal_basis: m.more.legal_basis.clone(),
            issuing_department: m.more.issuing_department.clone(),
            intermediary_contact: m.more.intermediary_contact.clone(),
            files: match (m.sample.is_some(), m.blank_form.is_some()) {
                (true, true) => "已有样表和空白表格".into(),
                (true, false) => "已有样表".into(),
                (false, true) => "已有空白表格".into(),
                (false, false) => String::new(),
            },
        })
        .collect();
    let index = rows.len();
    rows.push(MaterialRow {
        index,
        code: String::new(),
        name: String::new(),
        kinds: choices(&KINDS, kind_code, |k| material_kind_zh(k).to_owned(), &[]),
        sources: choices(&SOURCES, source_code, |s| source_zh(s).to_owned(), &[]),
        criteria: String::new(),
        requirements: String::new(),
        copies: 1,
        required: true,
        licence: String::new(),
        specification: "A4".into(),
        filling_notes: String::new(),
        electronic_copy: false,
        legal_basis: String::new(),
        issuing_department: String::new(),
        intermediary_contact: String::new(),
        files: String::new(),
    });
    rows
}

/// The materials a sample or blank form can be uploaded for: those saved with a code.
fn file_materials(item: &Item) -> Vec<(String, String, String)> {
    item.materials
        .list()
        .iter()
        .filter(|m| !m.code.trim().is_empty())
        .map(|m| {
            let mut has = Vec::new();
            if m.sample.is_some() {
                has.push("样表");
            }
            if m.blank_form.is_some() {
                has.push("空白表格");
            }
            let has = if has.is_empty() {
                "无".to_owned()
            } else {
                has.join("、")
            };
            (m.code.clone(), m.name.clone(), has)
        })
        .collect()
}

/// The editor over `item` (the working version, or the form as typed after a refusal).
pub async fn editor_page(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    stored: &services::store::items::StoredItem,
    item: Item,
    errors: Vec<String>,
    saved: bool,
) -> Result<EditorPage, PageError> {
    let typed = Typed {
        errors,
        at: FieldProblems::new(),
        posted: None,
    };
    typed_page(state, csrf, staff, stored, item, typed, saved).await
}

/// A refused form: every problem, those of the window and co-approvers by field, and the
/// fields as posted.
pub struct Typed<'a> {
    pub errors: Vec<String>,
    pub at: FieldProblems,
    pub posted: Option<&'a Fields>,
}

/// The units the window and co-approver choices offer.
async fn unit_choices(state: &AppState) -> Result<UnitChoices, PageError> {
    Ok(UnitChoices::of(
        &platform::units::list(&state.platform.db).await?,
    ))
}

async fn typed_page(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    stored: &services::store::items::StoredItem,
    item: Item,
    typed: Typed<'_>,
    saved: bool,
) -> Result<EditorPage, PageError> {
    let Typed { errors, at, posted } = typed;
    let units = unit_choices(state).await?;
    let basic = &item.basic;
    let (charged, fee_standard, fee_basis) = match &basic.fee {
        Fee::Free => (false, String::new(), String::new()),
        Fee::Charged { standard, basis } => (true, standard.clone(), basis.clone()),
    };
    let mut stages: Vec<StageRow> = item
        .process
        .stages
        .iter()
        .enumerate()
        .map(|(index, stage)| StageRow {
            index,
            name: stage.name.clone(),
            role: stage.handler_role.clone(),
            days: stage.limit.amount,
            window: stage.window.clone(),
        })
        .collect();
    stages.push(StageRow {
        index: stages.len(),
        name: String::new(),
        role: String::new(),
        days: 0,
        window: String::new(),
    });
    let specials = SpecialProcedure::ALL
        .into_iter()
        .map(|procedure| {
            let days = item
                .process
                .special
                .iter()
                .find(|special| special.procedure == procedure)
                .map_or(0, |special| special.limit.amount);
            (
                procedure_code(procedure),
                procedure.label_zh().to_owned(),
                days,
            )
        })
        .collect();
    let (materials_none, materials_explanation) = match &item.materials {
        services::item::Materials::NoneNeeded { explanation } => (true, explanation.clone()),
        services::item::Materials::List(_) => (false, String::new()),
    };
    Ok(EditorPage {
        chrome: Chrome::office(state, csrf, &staff.actor).await?,
        id: stored.record.id.0,
        code: stored.code.clone(),
        department: unit_name(state, stored.record.claimed_by).await,
        version: stored.version,
        working: stored.record.working().map_or(0, |v| v.number),
        status: stored.record.status.label_zh(),
        item_types: choices(
            &ItemType::ALL,
            item_type_code,
            |t| t.label_zh().to_owned(),
            &[basic.item_type],
        ),
        instant: basic.case_type == CaseType::Instant,
        charged,
        fee_standard,
        fee_basis,
        licence_type: basic.result.licence_type.clone().unwrap_or_default(),
        delivery: choices(
            &DELIVERY,
            |d| format!("{d:?}"),
            |d| d.label_zh().to_owned(),
            &basic.delivery,
        ),
        cross: choices(
            &CROSS,
            cross_code,
            |c| services::item::cross_region_zh(c).to_owned(),
            &[basic.cross_region],
        ),
        targets: choices(
            &[Target::NaturalPerson, Target::LegalPerson],
            |t| format!("{t:?}"),
            |t| t.label_zh().to_owned(),
            &basic.targets,
        ),
        themes: basic
            .themes
            .iter()
            .map(|theme| theme.label())
            .collect::<Vec<_>>()
            .join("、"),
        intermediary: basic.intermediary_services.join("、"),
        topics: basic.topics.join("、"),
        depths: choices(
            &OnlineDepth::ALL,
            |d| d.code().to_owned(),
            |d| d.label_zh().to_owned(),
            &[basic.more.online_depth],
        ),
        materials_none,
        materials_explanation,
        materials: material_rows(&item),
        file_materials: file_materials(&item),
        file_kinds: guide_files::GUIDE_FILE.kinds_hint(),
        file_max_mb: guide_files::GUIDE_FILE.max_bytes / 1024 / 1024,
        stages,
        specials,
        window: window::view(&item, &units, &at, posted),
        problems: item.problems(),
        item,
        errors,
        saved,
    })
}

/// The editor of the working version.
pub async fn edit(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(id): Id<ItemId>,
    crate::extract::Query(query): crate::extract::Query<SavedQuery>,
) -> Result<EditorPage, PageError> {
    let stored = editable(&state, &staff, id).await?;
    let item = stored
        .record
        .working()
        .map(|version| version.item.clone())
        .ok_or_else(|| PageError(platform::Error::not_found("事项版本")))?;
    editor_page(
        &state,
        &csrf,
        &staff,
        &stored,
        item,
        Vec::new(),
        query.saved == "1",
    )
    .await
}

#[derive(serde::Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct SavedQuery {
    saved: String,
}

/// SVC-ITEM-LIFE: saves the form as the working version (a published item gets a new
/// version). A malformed form is shown again with every problem; nothing is saved.
pub async fn save(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(id): Id<ItemId>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let stored = editable(&state, &staff, id).await?;
    let base = stored
        .record
        .working()
        .map(|version| version.item.clone())
        .ok_or_else(|| PageError(platform::Error::not_found("事项版本")))?;
    let fields = Fields::new(pairs);
    let expected = fields.text("version").parse::<i64>().unwrap_or(-1);
    let (mut item, mut errors) = form::read_item(&fields, &base);
    // SVC-WINDOW, SVC-PARALLEL: shown beside their fields and in the list above the form.
    let at = window::read(&fields, &unit_choices(&state).await?, &mut item);
    errors.extend(at.values().cloned());
    let mut status = StatusCode::BAD_REQUEST;
    if errors.is_empty() {
        let judged = Judged::load(&state, &staff).await?;
        let command = ItemCommand::Edit {
            item: Box::new(item.clone()),
        };
        match services::usecase::item_command(
            &state.platform.db,
            &judged.actor,
            id,
            command,
            Some(expected),
            judged.now,
        )
        .await
        {
            Ok(_) => {
                return Ok(Redirect::to(&format!(
                    "/office/services/catalogue/{}/edit?saved=1",
                    id.0
                ))
                .into_response());
            }
            Err(
                error @ (platform::Error::Invalid(_)
                | platform::Error::Conflict(_)
                | platform::Error::InvalidTransition { .. }),
            ) => {
                status = status_of(&error);
                errors.push(error.to_string());
            }
            Err(error) => return Err(error.into()),
        }
    }
    let stored = item_office::office_item(&state.platform.db, id).await?;
    let typed = Typed {
        errors,
        at,
        posted: Some(&fields),
    };
    let page = typed_page(&state, &csrf, &staff, &stored, item, typed, false).await?;
    Ok((status, page).into_response())
}
