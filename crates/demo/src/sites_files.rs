//! The demo's article with files (WEB-ARTICLE, WEB-SEARCH 图片/文件): the heating network's
//! completion on the portal's 今日甘州, published by the site group's editor, reviewer and
//! publisher, with its tariff table (PDF) and a photo of the heating station (PNG) attached,
//! so that the search finds each as a result of its own. Nothing is made when it exists.

use calendar::Instant;
use platform::Platform;
use platform::attachments::Upload;
use platform::audit::AuditActor;
use platform::db::now_ms;
use platform::workflow::Context;
use sites::article::{Command, Content};
use sites::check::Builtin;
use sites::{Acting, ColumnId};
use sqlx::Row as _;

const TITLE: &str = "城区集中供热管网改造工程全面完工";

/// The photo (a drawing of the heating station, 240 × 160).
const PHOTO: &[u8] = include_bytes!("../data/heating-station.png");

/// The tariff table, a one-page PDF.
const TARIFF: &[u8] = b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n\
2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n\
3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj\n\
trailer << /Root 1 0 R >>\n%%EOF\n";

async fn staff(platform: &Platform, username: &str) -> anyhow::Result<(Acting, AuditActor)> {
    let actor = crate::actor_of(&platform.db, username).await?;
    Ok((Acting::from(&actor), AuditActor::staff(&actor, "127.0.0.1")))
}

/// Seeds the article after the site group (`crate::sites::seed`).
pub async fn seed(platform: &Platform) -> anyhow::Result<()> {
    let db = &platform.db;
    let exists = sqlx::query("SELECT id FROM site_articles WHERE title = $1")
        .bind(TITLE)
        .fetch_optional(&db.pool)
        .await?;
    let column = sqlx::query("SELECT id FROM site_columns WHERE name = '今日甘州' ORDER BY id")
        .fetch_optional(&db.pool)
        .await?;
    let (None, Some(column)) = (exists, column) else {
        return Ok(());
    };
    let column = ColumnId(column.try_get("id")?);
    let profile = platform::jurisdiction::current(db)
        .await?
        .map(|j| j.profile)
        .unwrap_or_default();
    let calendar = platform::workcal::load_current(db).await?;
    let at = Instant::from_millis(now_ms() - 2 * 86_400_000);
    let (editor, audit) = staff(platform, "editor").await?;
    let context = Context::new(&platform.key, &audit, &calendar, &profile, at);
    let content = Content {
        title: TITLE.into(),
        body:
            "<p>近日，甘州区城区集中供热管网改造工程全面完工，新建热力站3座，改造老旧管网12公里，\
               惠及居民1.2万户。新的供热收费标准见附件。</p>"
                .into(),
        source: "甘州区住房和城乡建设局".into(),
        policy: None,
    };
    let (id, _) =
        sites::usecase::create_draft(db, &context, &editor, column, content, false).await?;
    let uploads = [
        Upload {
            label: "城区集中供热收费标准表".into(),
            file_name: "供热收费标准.pdf".into(),
            bytes: TARIFF.to_vec(),
        },
        Upload {
            label: "新建热力站外景照片".into(),
            file_name: "热力站.png".into(),
            bytes: PHOTO.to_vec(),
        },
    ];
    sites::usecase::attach_files(db, &context, &editor, id, &uploads).await?;
    let review = Command::Review {
        opinion: "内容属实，同意发布".into(),
    };
    let steps = [
        ("editor", Command::Submit),
        ("reviewer", review),
        ("publisher", Command::Publish { at: None }),
    ];
    for (username, command) in steps {
        let (acting, audit) = staff(platform, username).await?;
        let context = Context::new(&platform.key, &audit, &calendar, &profile, at);
        sites::usecase::execute_article(db, &context, &acting, &Builtin, id, command, None).await?;
    }
    Ok(())
}
