//! The battery's objects of content safety (issue 19, WEB-INSPECT): a draft of unit A whose
//! body names an abolished institution (its page offers 忽略，误报), an imported word list and
//! a whitelist phrase (the platform's, kept by the security administrator on
//! `/office/inspect/lists`).

use std::sync::atomic::{AtomicU64, Ordering};

use calendar::Instant;
use platform::db::now_ms;
use platform::roles::Role;
use platform::workflow::Context;
use sites::article::Command;
use sites::usecase;
use sqlx::Row as _;

use crate::battery_fixtures::{ArticleStage, Made};
use crate::battery_world::{UNIT_A, World};

/// Makes each whitelist phrase unique.
static SEQ: AtomicU64 = AtomicU64::new(0);

impl World<'_> {
    /// A draft of unit A's column with a wrong expression (国家工商行政管理总局) in its body.
    pub async fn article_hit_object(&self) -> Made {
        let id = self.made_article(ArticleStage::Draft).await;
        let editor = self.staff(Role::SiteEditor, UNIT_A).await;
        let doer = self.doer(&editor).await;
        let db = &self.app.platform.db;
        let profile = platform::jurisdiction::current(db)
            .await
            .unwrap()
            .unwrap()
            .profile;
        let calendar = platform::workcal::load_current(db).await.unwrap();
        let now = Instant::from_millis(now_ms());
        let key = &self.app.platform.key;
        let context = Context::new(key, &doer.audit, &calendar, &profile, now);
        let stored = sites::store::articles::get(db, id).await.unwrap();
        let mut content = stored.article.content;
        content.body = "<p>根据国家工商行政管理总局的通知。</p>".into();
        let edit = Command::Edit {
            content: Box::new(content),
            major: false,
        };
        let check = sites::check::Builtin;
        usecase::execute_article(db, &context, &doer.acting, &check, id, edit, None)
            .await
            .unwrap();
        Made {
            ids: vec![id.0],
            page: format!("/office/sites/articles/{}", id.0),
            other: None,
        }
    }

    /// An imported, active word list, or a whitelist phrase.
    pub async fn inspect_object(&self, phrase: bool) -> Made {
        let db = &self.app.platform.db;
        let sql = if phrase {
            "INSERT INTO inspect_whitelist (phrase, added_by, added_at) \
             VALUES ($2, 0, $1) RETURNING id"
        } else {
            "INSERT INTO inspect_lists (name, source, version, origin, words, word_count, \
             imported_by, imported_at, active) VALUES ('电池测试词库', '测试', '1', 'local', \
             $2, 1, 0, $1, 1) RETURNING id"
        };
        let n = now_ms();
        let value = if phrase {
            format!("电池测试短语{n}-{}", SEQ.fetch_add(1, Ordering::SeqCst))
        } else {
            r#"[["电池测试禁词",null]]"#.to_owned()
        };
        let id: i64 = sqlx::query(sql)
            .bind(n)
            .bind(value)
            .fetch_one(&db.pool)
            .await
            .unwrap()
            .try_get("id")
            .unwrap();
        Made {
            ids: vec![id],
            page: "/office/inspect/lists".into(),
            other: None,
        }
    }
}
