//! The site on the kernel's command path (`platform::workflow::Machine`, WEB-REGISTRY): a site
//! is loaded (with the group's other registrations when its registration changes, for the
//! uniqueness check), decided by `registry::apply` for the acting staff user, stored with its
//! domains and new registration entries, and its notifications go to the units' leaders.

use calendar::Instant;
use platform::Result;
use platform::audit::AuditEvent;
use platform::db::Tx;
use platform::workflow::{Context, Machine, Subject, SubjectKind};

use super::effects;
use crate::registry::{self, Command, Event, Registration, Rules, Site};
use crate::store::sites::{self as store, StoredSite};
use crate::{Acting, SiteId};

/// A stored site and, for a change of registration, the group's other registrations.
pub(crate) struct LoadedSite {
    pub stored: StoredSite,
    pub others: Vec<Registration>,
}

/// The site as the kernel runs it, for one acting staff user (or the platform).
pub(crate) struct Sites<'a> {
    pub acting: &'a Acting,
}

impl Machine for Sites<'_> {
    type Id = SiteId;
    type Loaded = LoadedSite;
    type State = Site;
    type Command = Command;
    type Event = Event;

    fn kind(&self) -> &'static SubjectKind {
        &crate::SITE_SUBJECT
    }

    async fn load(
        &self,
        tx: &mut Tx,
        id: SiteId,
        command: Command,
    ) -> Result<(LoadedSite, i64, Command)> {
        let stored = store::get_in(tx, id).await?;
        let others = match command {
            Command::ChangeRegistration { .. } => store::other_registrations(tx, Some(id)).await?,
            _ => Vec::new(),
        };
        let version = stored.version;
        Ok((LoadedSite { stored, others }, version, command))
    }

    fn decide(
        &self,
        loaded: &LoadedSite,
        command: &Command,
        context: &Context<'_>,
    ) -> Result<(Site, Vec<Event>)> {
        let rules = Rules {
            profile: context.profile,
            calendar: context.calendar,
        };
        let (site, events) = registry::apply(
            &loaded.stored.site,
            command,
            self.acting,
            context.now,
            rules,
        )?;
        if matches!(command, Command::ChangeRegistration { .. }) {
            // WEB-REGISTRY: no other site of the group has its code or a domain of it.
            let others: Vec<&Registration> = loaded.others.iter().collect();
            registry::check_unique(site.registration(), &others)?;
        }
        Ok((site, events))
    }

    async fn store(
        &self,
        tx: &mut Tx,
        _id: SiteId,
        loaded: &LoadedSite,
        site: &Site,
        version: i64,
        now: Instant,
    ) -> Result<i64> {
        store::update(tx, &loaded.stored.site, site, version, now.millis()).await
    }

    fn statuses(
        &self,
        loaded: Option<&LoadedSite>,
        site: &Site,
    ) -> (Option<&'static str>, &'static str) {
        (
            loaded.map(|loaded| loaded.stored.site.status.code()),
            site.status.code(),
        )
    }

    fn command_code(&self, command: &Command) -> String {
        platform::workflow::command_code(&command.kind())
    }

    async fn default_unit(&self, _tx: &mut Tx, subject: &Subject<'_, Self>) -> Result<i64> {
        // The temporary offline's clock is the host unit's.
        Ok(subject.state.registration().host_unit.0)
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
                effects::notify_site(tx, context, subject.state, *to, text).await
            }
            _ => Ok(()),
        }
    }

    fn audit(&self, id: SiteId, loaded: &LoadedSite, site: &Site, command: &Command) -> AuditEvent {
        let code = self.command_code(command);
        AuditEvent::new(&format!("sites.{code}"), "site", id).detail(format!(
            "网站“{}”：{}，{} → {}",
            site.registration().name,
            command.kind().label_zh(),
            loaded.stored.site.status.label_zh(),
            site.status.label_zh()
        ))
    }

    fn conflict_message(&self) -> &'static str {
        "信息已被他人更新，请刷新后重试"
    }
}
