//! The frame around every page: the site's identity — the header's full name (WEB-HEADER),
//! its theme colours and public menu, the WEB-FOOTER elements from its registration (the
//! portal site's on the portal's pages and in the office, each site's on its own pages; the
//! jurisdiction record's while no portal site is registered) — the CSRF token for forms, for
//! staff the user bar with the inbox's unread count; and the date and time formats every page
//! prints.

use platform::jurisdiction::Jurisdiction;
use platform::roles::Actor;
use sites::column::ColumnTree;
use sites::registry::SiteKind;
use sites::usecase::read::SiteView;

use crate::AppState;
use crate::csrf::CsrfToken;

/// What every template needs besides its own content.
#[derive(Debug, Clone)]
pub struct Chrome {
    /// The name in each page's title.
    pub site_name: String,
    /// WEB-HEADER: the site's full name, the header's logo text.
    pub header_name: String,
    /// The line under the name.
    pub header_note: String,
    pub home_href: String,
    /// The public menu (WEB-SITEGROUP: the site's first-level columns; the portal's sections).
    pub nav: Vec<PublicNav>,
    /// The site's theme colours (the stylesheet's own for the portal).
    pub theme: Option<Theme>,
    /// WEB-ARCHIVE: the site is closed; its pages stay readable under an archive banner.
    pub archived: bool,
    pub sitemap_href: String,
    /// WEB-FOOTER: the 党政机关网站标识 where the profile says so.
    pub party_mark: bool,
    pub host_unit: String,
    pub site_code: String,
    pub icp_number: String,
    pub police_number: String,
    pub contact_phone: String,
    pub contact_address: String,
    pub is_demo: bool,
    pub csrf: String,
    pub staff: Option<StaffBar>,
}

#[derive(Debug, Clone)]
pub struct StaffBar {
    pub display_name: String,
    pub unit_name: String,
    pub roles: String,
    pub unread: i64,
    pub nav: Vec<NavItem>,
}

/// An entry of a public site's menu.
#[derive(Debug, Clone)]
pub struct PublicNav {
    pub href: String,
    pub label: String,
    /// Left out of the elderly mode's menu (the main entries only).
    pub secondary: bool,
}

/// A site's theme: the brand colour and its dark shade (white text on both reads at AA).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub brand: &'static str,
    pub dark: &'static str,
}

/// The themes of department, township and special sites, one by site id (WEB-SITEGROUP: each
/// site its own colours on the shared templates); the portal keeps the stylesheet's red.
const THEMES: &[Theme] = &[
    Theme {
        brand: "#0b5394",
        dark: "#073763",
    },
    Theme {
        brand: "#2e6b30",
        dark: "#1b4d1d",
    },
    Theme {
        brand: "#00695c",
        dark: "#004d40",
    },
    Theme {
        brand: "#5b2c83",
        dark: "#3f1d5c",
    },
    Theme {
        brand: "#6d4c41",
        dark: "#4e342e",
    },
    Theme {
        brand: "#37474f",
        dark: "#263238",
    },
];

fn theme_of(site: &SiteView) -> Option<Theme> {
    if site.kind == SiteKind::Portal {
        return None;
    }
    let index = usize::try_from(site.id.0.rem_euclid(THEMES.len() as i64)).unwrap_or(0);
    THEMES.get(index).copied()
}

/// The most columns a site's menu names; the others are reached by 更多栏目 (the sitemap).
const MENU_COLUMNS: usize = 6;

/// The first-level columns a site's menu shows: open ones (not archived; a special column once
/// approved), linked under `base`, at most [`MENU_COLUMNS`] and then 更多栏目.
pub fn column_nav(tree: &ColumnTree, base: &str, secondary: bool) -> Vec<PublicNav> {
    let open: Vec<_> = tree
        .roots()
        .into_iter()
        .filter(|column| column.check_open().is_ok())
        .collect();
    let mut nav: Vec<PublicNav> = open
        .iter()
        .take(MENU_COLUMNS)
        .map(|column| PublicNav {
            href: format!("{base}/columns/{}", column.id),
            label: column.name.clone(),
            secondary,
        })
        .collect();
    if open.len() > MENU_COLUMNS {
        nav.push(PublicNav {
            href: format!("{base}/sitemap"),
            label: "更多栏目".into(),
            secondary,
        });
    }
    nav
}

/// A back-office menu entry the user may open (the menu shows nothing the policy denies).
#[derive(Debug, Clone)]
pub struct NavItem {
    pub href: &'static str,
    pub label: &'static str,
}

fn nav_for(actor: &Actor) -> Vec<NavItem> {
    use platform::access::{self, AccountOp, Op};
    let entries = [
        (true, "/office", "工作台"),
        (access::own_workspace(actor), "/office/inbox", "站内消息"),
        (access::units(actor, Op::View), "/office/units", "组织机构"),
        (
            access::unit_contacts(actor),
            "/office/units/contacts",
            "12345联络人登记",
        ),
        (
            access::accounts(actor, AccountOp::View),
            "/office/accounts",
            "账号管理",
        ),
        (
            access::accounts(actor, AccountOp::ApproveReset),
            "/office/accounts/resets",
            "重置审批",
        ),
        (
            access::calendar(actor, Op::View),
            "/office/calendar",
            "工作日历",
        ),
        (
            access::profile(actor, Op::View),
            "/office/profile",
            "规则配置",
        ),
        // Issue 23: the unified identity provider (identity-provider).
        (
            access::profile(actor, Op::Edit),
            "/office/identity-provider",
            "统一身份认证配置",
        ),
        (
            access::audit_log(actor, Op::View),
            "/office/audit",
            "审计日志",
        ),
        (
            access::security_incidents(actor, Op::View),
            "/office/security/incidents",
            "安全事件登记",
        ),
        (
            access::security_drills(actor, Op::View),
            "/office/security/drills",
            "应急演练记录",
        ),
        // WEB-INSPECT: the content-safety lists are the security administrator's.
        (
            actor.has(platform::roles::Role::SecurityAdmin),
            "/office/inspect/lists",
            "内容安全词库",
        ),
        // WEB-INSPECT (19号): every site's findings, availability and single-veto indicators.
        (
            access::inspection_overview(actor),
            "/office/inspect/sites",
            "网站巡检",
        ),
        (
            access::hotline_desk(actor),
            "/office/hotline",
            "12345话务台",
        ),
        // HALL-QUEUE: the window clerk's calling page.
        (access::hall_window(actor), "/office/hall", "窗口叫号"),
        // HALL-HARDCASE: the 办不成事反映 and 陇商通 cases (clerks register, units handle).
        (
            access::hall_window(actor) || access::hall_supervision(actor),
            "/office/hall/hardcases",
            "办不成事反映",
        ),
        // HALL-LEVELS: the register of centres, their convenience items and reports.
        (
            access::hall_supervision(actor),
            "/office/hall/centres",
            "服务中心名册",
        ),
        // HALL-STAFF: the window staff's register, attendance, requests and assessments.
        (
            access::hall_staff(actor),
            "/office/hall/staff",
            "窗口工作人员",
        ),
        // NET-ACCESS, NET-IPAM: extranet access applications and the address pools.
        (
            access::extranet_applications(actor),
            "/office/extranet/applications",
            "外网接入",
        ),
        (
            access::extranet_ipam(actor),
            "/office/extranet/pools",
            "外网地址",
        ),
        // NET-LEDGER: the unit's ledger (every unit's for the administrators) and findings.
        (
            access::extranet_applications(actor),
            "/office/extranet/ledger",
            "外网台账",
        ),
        // DATA-*: the data-sharing catalogue, requests, grants and the call log.
        (
            access::sharing_catalogue(actor),
            "/office/sharing/entries",
            "数据共享目录",
        ),
        (
            access::sharing_grants(actor),
            "/office/sharing/grants",
            "共享授权",
        ),
        (
            access::hotline_unit_work(actor),
            "/office/hotline/queue",
            "本单位工单",
        ),
        (
            access::hotline_order_search(actor),
            "/office/hotline/orders",
            "工单查询",
        ),
        (
            access::hotline_supervise(actor),
            "/office/hotline/catalogue",
            "派单目录",
        ),
        (
            access::rectification_desk(actor),
            "/office/rectifications",
            "差评整改",
        ),
        (
            access::evaluation_statistics(actor),
            "/office/evaluations/statistics",
            "好差评统计",
        ),
        (access::kb_search(actor), "/office/kb", "热线知识库"),
        (
            access::hotline_reports(actor),
            "/office/hotline/reports",
            "热线统计",
        ),
        (
            access::hotline_supervise(actor),
            "/office/hotline/supervision",
            "督办",
        ),
        (
            access::hotline_contacts(actor),
            "/office/hotline/contacts",
            "单位联络人",
        ),
        (
            access::hotline_credit_list(actor),
            "/office/hotline/credit",
            "信用记录",
        ),
        (access::services_desk(actor), "/office/services", "办件受理"),
        (
            access::services_catalogue(actor),
            "/office/services/catalogue",
            "事项管理",
        ),
        (
            access::site_articles(actor, access::ArticleOp::View),
            "/office/sites/articles",
            "网站稿件",
        ),
        (
            access::site_registry(actor, Op::View),
            "/office/sites",
            "站群管理",
        ),
        // WEB-SEARCH: hot keywords and the synonym dictionary of the site search.
        (
            access::search_keywords(actor),
            "/office/search/keywords",
            "搜索热词",
        ),
        (
            access::search_synonyms(actor),
            "/office/search/synonyms",
            "搜索同义词库",
        ),
        (
            access::site_freshness(actor),
            "/office/sites/freshness",
            "栏目更新监测",
        ),
        (
            access::site_tamper_alarms(actor),
            "/office/sites/alarms",
            "防篡改告警",
        ),
        (
            access::site_submissions(actor, access::SubmissionOp::View),
            "/office/sites/submissions",
            "信息报送",
        ),
        (
            access::site_annual(actor, access::AnnualOp::View),
            "/office/sites/annual",
            "网站年度报表",
        ),
        (
            access::site_accountability(actor, access::AccountabilityOp::View),
            "/office/sites/accountability",
            "网站问责记录",
        ),
        (
            access::openness_applications(actor, access::OpennessApplicationOp::View),
            "/office/openness/applications",
            "依申请公开",
        ),
        // MSG-CONSULT, MSG-INTERVIEW: the unit's consultations and online interviews.
        (
            access::consultations(actor),
            "/office/consultations",
            "意见征集与在线访谈",
        ),
    ];
    // PUB-*: the openness menu (`crate::openness::nav`).
    let openness = crate::openness::nav(actor);
    let after = [
        // MSG-ROUTE: the sites' messages (the desk, the unit's inbox, review, publication).
        (
            access::participation(actor),
            "/office/participation/messages",
            "网站留言",
        ),
        (
            access::esupervision(actor),
            "/office/supervision",
            "电子监察",
        ),
        (access::assessment(actor), "/office/assessment", "年度考核"),
        (
            access::assessment_weights(actor),
            "/office/assessment/weights",
            "考核权重",
        ),
        (true, "/office/account/password", "修改密码"),
    ];
    entries
        .into_iter()
        .chain(openness)
        .chain(after)
        .filter(|(allowed, ..)| *allowed)
        .map(|(_, href, label)| NavItem { href, label })
        .collect()
}

impl Chrome {
    fn from_jurisdiction(jurisdiction: Option<&Jurisdiction>, csrf: &CsrfToken) -> Self {
        let text = |f: fn(&Jurisdiction) -> &String| {
            jurisdiction.map(|j| f(j).clone()).unwrap_or_default()
        };
        let site_name = jurisdiction
            .map(|j| j.name.clone())
            .unwrap_or_else(|| "政务服务平台".into());
        Self {
            header_name: format!("{site_name}人民政府"),
            header_note: "政务服务 · 12345热线 · 政务信息".into(),
            site_name,
            home_href: "/".into(),
            nav: portal_sections(Vec::new()),
            theme: None,
            archived: false,
            sitemap_href: "/sitemap".into(),
            party_mark: jurisdiction.is_some_and(|j| j.profile.website.footer_party_mark),
            host_unit: text(|j| &j.host_unit),
            site_code: text(|j| &j.site_code),
            icp_number: text(|j| &j.icp_number),
            police_number: text(|j| &j.police_number),
            contact_phone: text(|j| &j.contact_phone),
            contact_address: text(|j| &j.contact_address),
            is_demo: jurisdiction.is_some_and(|j| j.is_demo),
            csrf: csrf.0.clone(),
            staff: None,
        }
    }

    /// WEB-HEADER, WEB-FOOTER, WEB-ARCHIVE: the frame shows `site` — its full name, theme,
    /// footer from its registration and, when it is closed, the archive banner — with `nav`
    /// as its menu and its links under `base` (`""` when the request's `Host` named it,
    /// `/sites/{code}` under the path prefix).
    fn show(&mut self, site: &SiteView, nav: Vec<PublicNav>, base: &str) {
        let footer = &site.footer;
        self.site_name = site.header.full_name.clone();
        self.header_name = site.header.full_name.clone();
        if site.kind != SiteKind::Portal {
            self.header_note = format!("{} · 主办单位：{}", site.kind.label_zh(), footer.host_unit);
        }
        self.home_href = format!("{base}/");
        self.nav = nav;
        self.theme = theme_of(site);
        self.archived = site.closed;
        self.sitemap_href = format!("{base}/sitemap");
        self.party_mark = footer.party_mark;
        self.host_unit = footer.host_unit.clone();
        self.site_code = footer.site_code.clone();
        self.icp_number = footer.icp_number.clone();
        self.police_number = footer.police_number.clone();
        self.contact_phone = footer.contact_phone.clone();
        self.contact_address = footer.contact_address.clone();
    }

    /// The jurisdiction's frame, showing the portal site when one is registered (its menu
    /// with its first-level columns when `menu`).
    async fn portal_frame(
        state: &AppState,
        csrf: &CsrfToken,
        menu: bool,
    ) -> platform::Result<Self> {
        let db = &state.platform.db;
        let jurisdiction = platform::jurisdiction::current(db).await?;
        let mut chrome = Self::from_jurisdiction(jurisdiction.as_ref(), csrf);
        let profile = jurisdiction.map(|j| j.profile).unwrap_or_default();
        if let Some(portal) = sites::usecase::public::portal_site(db, &profile).await? {
            let columns = if menu {
                let tree = sites::usecase::read::column_tree(db, portal.id).await?;
                column_nav(&tree, "", true)
            } else {
                Vec::new()
            };
            let site_name = chrome.site_name.clone();
            chrome.show(&portal, portal_sections(columns), "");
            if !menu {
                // The office keeps the jurisdiction's name in its brand and titles.
                chrome.site_name = site_name;
            }
        }
        Ok(chrome)
    }

    /// The frame of a public page of the portal or a login page (WEB-SITEGROUP: the portal's
    /// own pages — services, 12345, knowledge base — are the portal site's sections).
    pub async fn public(state: &AppState, csrf: &CsrfToken) -> platform::Result<Self> {
        Self::portal_frame(state, csrf, true).await
    }

    /// The frame of a page of `site` (WEB-SITEGROUP): its header, theme, menu of first-level
    /// columns (the portal's with its sections) and footer, its links under `base` — in
    /// `portal_base.html`, with the skip link, the named navigation and the elderly view that
    /// every site offers (WEB-A11Y).
    pub async fn site(
        state: &AppState,
        csrf: &CsrfToken,
        site: &SiteView,
        tree: &ColumnTree,
        base: &str,
    ) -> platform::Result<Self> {
        let jurisdiction = platform::jurisdiction::current(&state.platform.db).await?;
        let mut chrome = Self::from_jurisdiction(jurisdiction.as_ref(), csrf);
        let nav = if site.kind == SiteKind::Portal {
            portal_sections(column_nav(tree, base, true))
        } else {
            let mut nav = vec![PublicNav {
                href: format!("{base}/"),
                label: "首页".into(),
                secondary: false,
            }];
            nav.extend(column_nav(tree, base, false));
            nav
        };
        chrome.show(site, nav, base);
        Ok(chrome)
    }

    /// The frame of a back-office page, with the user bar.
    pub async fn office(
        state: &AppState,
        csrf: &CsrfToken,
        actor: &Actor,
    ) -> platform::Result<Self> {
        let mut chrome = Self::portal_frame(state, csrf, false).await?;
        chrome.staff = Some(StaffBar {
            display_name: actor.display_name.clone(),
            unit_name: actor.unit_name.clone(),
            roles: actor.roles_label(),
            unread: platform::notify::unread_count(&state.platform.db, actor.user_id).await?,
            nav: nav_for(actor),
        });
        Ok(chrome)
    }
}

/// The portal's menu: its home, the platform's sections (办事服务, 12345热线, 依申请公开 —
/// PUB-APPLY: the application can be made online, so the portal leads to it — and the
/// catalogue of PUB-CATALOG), then `columns`.
fn portal_sections(columns: Vec<PublicNav>) -> Vec<PublicNav> {
    let entry = |href: &str, label: &str| PublicNav {
        href: href.into(),
        label: label.into(),
        secondary: false,
    };
    let mut nav = vec![
        entry("/", "首页"),
        entry("/services", "办事服务"),
        entry("/hotline", "12345热线"),
        entry("/openness/apply", "依申请公开"),
        entry("/openness/catalogue", "公开目录"),
        entry("/messages", "政民互动"),
    ];
    nav.extend(columns);
    nav
}

/// `YYYY-MM-DD` in Asia/Shanghai.
pub fn date_of(epoch_ms: i64) -> String {
    calendar::Instant::from_millis(epoch_ms)
        .to_rfc3339()
        .chars()
        .take(10)
        .collect()
}

/// `YYYY-MM-DD HH:MM` in Asia/Shanghai.
pub fn minute_of(epoch_ms: i64) -> String {
    calendar::Instant::from_millis(epoch_ms)
        .to_rfc3339()
        .chars()
        .take(16)
        .collect::<String>()
        .replace('T', " ")
}
