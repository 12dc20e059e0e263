//! The interpretation deadline of a policy document, on both backends (PUB-INTERPRET): a
//! policy document published without its interpretation starts a clock of its column's
//! responsible unit with the profile's `openness.interpretation`; linking an interpretation
//! in time stops it met, linking it late stops it breached, withdrawing the document stops it;
//! a news article and a document published with its interpretation run none.

use calendar::{Instant, Limit, LimitUnit};
use sites::ArticleId;
use sites::article::Command;

use crate::world::{World, news_content, policy, t0, worlds};

impl World {
    async fn interpretation_clocks(&self, article: ArticleId, status: &str) -> i64 {
        self.scalar(&format!(
            "SELECT COUNT(*) AS n FROM clocks WHERE subject_type = 'article' \
             AND subject_id = '{}' AND rule_id = 'PUB-INTERPRET' AND unit_id = {} \
             AND status = '{status}'",
            article.0, self.edu.0
        ))
        .await
    }

    async fn link(&self, document: ArticleId, title: &str, at: Instant) -> ArticleId {
        let interpretation = self
            .published(self.interpretations, news_content(title))
            .await;
        let link = Command::LinkInterpretation { interpretation };
        self.run(document, link, &self.reviewer, at).await.unwrap();
        interpretation
    }
}

#[tokio::test]
async fn pub_interpret_a_policy_document_waits_for_its_interpretation_on_a_clock() {
    for w in worlds().await {
        let profile = platform::jurisdiction::current(&w.platform.db)
            .await
            .unwrap()
            .unwrap()
            .profile;
        let limit = profile.openness.interpretation.limit();
        assert_eq!(
            limit,
            Limit {
                amount: 3,
                unit: LimitUnit::WorkingDays
            }
        );
        // Linked in time: the clock started at publication stops met.
        let document = w.published(w.policy, policy()).await;
        assert_eq!(w.interpretation_clocks(document, "running").await, 1);
        let due: i64 = w
            .scalar(&format!(
                "SELECT due_at AS n FROM clocks WHERE subject_type = 'article' \
                 AND subject_id = '{}'",
                document.0
            ))
            .await;
        let calendar = platform::workcal::load_current(&w.platform.db)
            .await
            .unwrap();
        assert_eq!(due, calendar.due(t0(), limit).at.millis());
        w.link(document, "政策解读一", t0()).await;
        assert_eq!(w.interpretation_clocks(document, "met").await, 1);
        assert_eq!(w.interpretation_clocks(document, "running").await, 0);

        // Linked ten days later: breached.
        let late = w.published(w.policy, policy()).await;
        let ten_days = Instant::from_millis(t0().millis() + 10 * 86_400_000);
        w.link(late, "政策解读二", ten_days).await;
        assert_eq!(w.interpretation_clocks(late, "breached").await, 1);

        // Withdrawn before any interpretation: the clock stops.
        let withdrawn = w.published(w.policy, policy()).await;
        let withdraw = Command::Withdraw {
            reason: "文件内容有误".into(),
        };
        w.run(withdrawn, withdraw, &w.publisher, t0())
            .await
            .unwrap();
        assert_eq!(w.interpretation_clocks(withdrawn, "running").await, 0);

        // A news article runs no interpretation clock.
        let news = w.published(w.news, news_content("工作动态")).await;
        let none = format!(
            "SELECT COUNT(*) AS n FROM clocks WHERE subject_type = 'article' \
             AND subject_id = '{}'",
            news.0
        );
        assert_eq!(w.scalar(&none).await, 0);
    }
}
