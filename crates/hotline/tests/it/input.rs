//! Issue 12 finding 2: every text of an appeal is bounded in the domain's parse — the content
//! to `CONTENT_MAX_CHARS`, the location and the employer to `SHORT_MAX_CHARS` — and a text
//! with a control character is refused; a refused appeal stores nothing, the longest
//! accepted one is stored whole.

use hotline::usecase::{self, Appellant, NewAppeal};
use hotline::{CONTENT_MAX_CHARS, SHORT_MAX_CHARS};
use platform::Platform;

use crate::store::{monday_nine, new_appeal, operator_audit, seeded};

async fn file(platform: &Platform, appeal: NewAppeal) -> platform::Result<()> {
    let (db, key) = (&platform.db, &platform.key);
    usecase::register_appeal(db, key, &operator_audit(), appeal, monday_nine())
        .await
        .map(|_| ())
}

async fn appeals(platform: &Platform) -> i64 {
    crate::usecase::scalar(platform, "SELECT COUNT(*) AS n FROM hotline_appeals").await
}

/// Issue 12 finding 2 (HL-REGISTER): the bounds and the refusals, on both backends.
#[tokio::test]
async fn hardening_appeal_texts_are_bounded_and_a_refused_appeal_stores_nothing() {
    for platform in seeded().await {
        let longest = "路".repeat(CONTENT_MAX_CHARS);
        file(&platform, new_appeal(&longest, Appellant::default()))
            .await
            .unwrap();
        assert_eq!(appeals(&platform).await, 1);

        let too_long = new_appeal(&"路".repeat(CONTENT_MAX_CHARS + 1), Appellant::default());
        let mut far = new_appeal("路灯不亮", Appellant::default());
        far.location = "街".repeat(SHORT_MAX_CHARS + 1);
        let nul = new_appeal("路灯\0不亮", Appellant::default());
        let escape = new_appeal("路灯\u{1b}[2J不亮", Appellant::default());
        let employer = Appellant::parse("", "", "", &"厂".repeat(SHORT_MAX_CHARS + 1));
        for (what, appeal, message) in [
            (
                "content",
                too_long,
                format!("诉求内容不能超过 {CONTENT_MAX_CHARS} 个字"),
            ),
            (
                "location",
                far,
                format!("诉求地点不能超过 {SHORT_MAX_CHARS} 个字"),
            ),
            ("NUL", nul, "诉求内容含有不可见的控制字符".to_owned()),
            ("escape", escape, "诉求内容含有不可见的控制字符".to_owned()),
        ] {
            let refused = file(&platform, appeal).await.unwrap_err();
            assert!(refused.to_string().contains(&message), "{what}: {refused}");
        }
        let refused = employer.unwrap_err();
        assert!(
            refused.to_string().contains("工作单位不能超过"),
            "{refused}"
        );
        assert_eq!(
            appeals(&platform).await,
            1,
            "nothing of the refused appeals"
        );
        let lines = new_appeal("路灯不亮\n已经一周\t无人修", Appellant::default());
        file(&platform, lines).await.unwrap();
    }
}
