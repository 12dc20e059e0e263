//! The article on the kernel's command path (`platform::workflow::Machine`, WEB-REVIEW): an
//! article is loaded with its site and column (the place `article::apply` judges who may act
//! by), an edit's HTML is sanitised on the way in, a submission passes the content check
//! (WEB-INSPECT), and the new state is stored with its new content version, its served page
//! (SEC-TAMPER: the approved content and digest), its column's latest update (WEB-FRESH) and
//! its interpretation links (WEB-ARTICLE). A repost's source is checked against the profile's
//! licensed news sources (WEB-REPOST); a publication past its deadline or a withdrawal for an
//! error raises the unit's accountability record (WEB-ACCOUNT, [`super::accountability`]); a
//! policy document published without its interpretation runs the PUB-INTERPRET clock.

use calendar::Instant;
use openness::register::PublishChannel;
use platform::audit::AuditEvent;
use platform::db::Tx;
use platform::workflow::{Context, Machine, Subject, SubjectKind};
use platform::{Error, Result};

use super::effects;
use crate::article::{self, Article, Command, Event, Place, Status};
use crate::check::{self, ContentCheck};
use crate::column::Column;
use crate::registry::Site;
use crate::store::articles::{self as store, StoredArticle};
use crate::store::{columns, pages, sites};
use crate::{Acting, ArticleId};

/// A stored article with its site and column.
pub(crate) struct LoadedArticle {
    pub stored: StoredArticle,
    pub site: Site,
    pub column: Column,
}

impl LoadedArticle {
    fn place(&self) -> Place<'_> {
        Place {
            site: &self.site,
            column: &self.column,
        }
    }
}

/// The article as the kernel runs it, for one acting staff user (or the scheduler), with the
/// content check a submission passes.
pub(crate) struct Articles<'a> {
    pub acting: &'a Acting,
    pub check: &'a dyn ContentCheck,
}

/// Loads an article with its place, in `tx`.
pub(crate) async fn load_in(tx: &mut Tx, id: ArticleId) -> Result<LoadedArticle> {
    let stored = store::get_in(tx, id).await?;
    let site = sites::get_in(tx, stored.article.site).await?.site;
    let column = columns::get_in(tx, stored.article.column).await?.column;
    Ok(LoadedArticle {
        stored,
        site,
        column,
    })
}

impl Machine for Articles<'_> {
    type Id = ArticleId;
    type Loaded = LoadedArticle;
    type State = Article;
    type Command = Command;
    type Event = Event;

    fn kind(&self) -> &'static SubjectKind {
        &crate::ARTICLE_SUBJECT
    }

    async fn load(
        &self,
        tx: &mut Tx,
        id: ArticleId,
        command: Command,
    ) -> Result<(LoadedArticle, i64, Command)> {
        let loaded = load_in(tx, id).await?;
        let version = loaded.stored.version;
        let command = match command {
            // WEB-REVIEW: the editor's HTML is cleaned on the server before anyone sees it.
            Command::Edit { content, major } => Command::Edit {
                content: Box::new(super::articles::cleaned(*content)?),
                major,
            },
            other => other,
        };
        Ok((loaded, version, command))
    }

    fn decide(
        &self,
        loaded: &LoadedArticle,
        command: &Command,
        context: &Context<'_>,
    ) -> Result<(Article, Vec<Event>)> {
        let before = &loaded.stored.article;
        let (after, mut events) =
            article::apply(before, command, self.acting, loaded.place(), context.now)?;
        if let Command::Annotate { marks } = command
            && let Some(repost) = &marks.repost
        {
            // WEB-REPOST: reposts come only from the profile's licensed news sources.
            let licensed = context.profile.website.licensed_news_source_list();
            article::check_licensed(&repost.source, &licensed)?;
        }
        if after.status == Status::Published && before.status != Status::Published {
            // WEB-ACCOUNT, PUB-PROACTIVE, WEB-REPOST: a deadline missed is the unit's to answer.
            let windows = super::accountability::windows(context.profile);
            for (kind, due) in article::missed(&after, &windows, context.calendar) {
                events.push(Event::Accountable {
                    kind,
                    due: Some(due.millis()),
                });
            }
        }
        // PUB-INTERPRET: a policy document published without its interpretation starts the
        // interpretation clock; linking one (or withdrawing the document) stops it.
        let mut after = after;
        let limit = context.profile.openness.interpretation.limit();
        let clocks = article::follow_interpretation(
            before,
            &mut after,
            limit,
            context.now,
            context.calendar,
        );
        events.extend(clocks.into_iter().map(Event::Clock));
        let decided = (after, events);
        if matches!(command, Command::Submit) {
            // WEB-INSPECT, SEC-SECRET: wrong and sensitive words, secrecy marks and personal
            // data stop the submission, each named.
            let findings = self.check.check(&before.content);
            if let Some(message) = check::refusal(&findings) {
                return Err(Error::Invalid(message));
            }
        }
        Ok(decided)
    }

    async fn store(
        &self,
        tx: &mut Tx,
        _id: ArticleId,
        loaded: &LoadedArticle,
        article: &Article,
        version: i64,
        now: Instant,
    ) -> Result<i64> {
        let before = &loaded.stored.article;
        let version = store::update(tx, article, version, now.millis()).await?;
        if article.revision != before.revision {
            store::insert_version(tx, article, self.acting.user, now.millis()).await?;
        }
        let published = article.status == Status::Published;
        if published
            && (before.status != Status::Published
                || article.approved_digest != before.approved_digest)
        {
            // SEC-SECRET, PUB-ATTR, PUB-CONFID, PUB-COORD: an article that publishes a document
            // of the register goes out only when the register's gate passes it, now.
            if before.status != Status::Published
                && let Some(document) = store::document_of(tx, article.id).await?
            {
                let document = openness::DocumentId(document);
                openness::usecase::documents::gate_in(tx, PublishChannel::Site, document).await?;
            }
            pages::publish(tx, article, now).await?;
            if before.status != Status::Published
                && let Some(at) = article.published_at
            {
                columns::published(tx, article.column, at).await?;
            }
        }
        if published && article.validity != before.validity {
            pages::mark_validity(tx, article, now).await?;
        }
        if article.status == Status::Withdrawn && before.status != Status::Withdrawn {
            pages::withdraw(tx, article.id, now).await?;
        }
        let links = |a: &Article| a.content.policy.as_ref().map(|p| p.interpretations.clone());
        if let Some(interpretations) =
            links(article).filter(|now| Some(now) != links(before).as_ref())
        {
            pages::link_interpretations(tx, article.id, &interpretations).await?;
        }
        Ok(version)
    }

    fn statuses(
        &self,
        loaded: Option<&LoadedArticle>,
        article: &Article,
    ) -> (Option<&'static str>, &'static str) {
        (
            loaded.map(|loaded| loaded.stored.article.status.code()),
            article.status.code(),
        )
    }

    fn command_code(&self, command: &Command) -> String {
        platform::workflow::command_code(&command.kind())
    }

    async fn default_unit(&self, _tx: &mut Tx, subject: &Subject<'_, Self>) -> Result<i64> {
        match subject.loaded {
            Some(loaded) => Ok(loaded.column.responsible_unit.0),
            None => Err(Error::Unexpected(anyhow::anyhow!(
                "a new article runs no clock"
            ))),
        }
    }

    async fn effect(
        &self,
        tx: &mut Tx,
        context: &Context<'_>,
        subject: &Subject<'_, Self>,
        event: &Event,
    ) -> Result<()> {
        match event {
            Event::Notify { to, text, .. } => {
                effects::notify_article(tx, context, subject.state, *to, text).await
            }
            // WEB-ACCOUNT: the record of the column's responsible unit.
            Event::Accountable { kind, due } => {
                let number = subject
                    .loaded
                    .map(|loaded| loaded.stored.number.clone())
                    .unwrap_or_default();
                let due = due.map(Instant::from_millis);
                super::accountability::raise_in(tx, context, (subject.state, &number), *kind, due)
                    .await
                    .map(|_| ())
            }
            // PUB-PROACTIVE: the register records the document's first publication;
            // WEB-PERSONAL: the column's subscribers, once per article.
            Event::Published { .. } => {
                super::documents::published_in(tx, context, self.acting, subject.state).await?;
                super::subscriptions::announce(tx, context.key, subject.state, context.now.millis())
                    .await
            }
            _ => Ok(()),
        }
    }

    fn audit(
        &self,
        id: ArticleId,
        loaded: &LoadedArticle,
        article: &Article,
        command: &Command,
    ) -> AuditEvent {
        let code = self.command_code(command);
        AuditEvent::new(&format!("sites.article.{code}"), "site_article", id).detail(format!(
            "稿件 {}“{}”：{}，{} → {}",
            loaded.stored.number,
            article.content.title,
            command.kind().label_zh(),
            loaded.stored.article.status.label_zh(),
            article.status.label_zh()
        ))
    }

    fn conflict_message(&self) -> &'static str {
        "已被他人更新，请刷新后重试"
    }
}
