//! What the hall's registered-case machines share on the workflow kernel (HALL-BOX,
//! HALL-HARDCASE): the kernel's storage steps of a case kept in one row with a version, the
//! centre's waits on the workbench, the audited reveal of a sealed contact, and the public
//! lookup by number and query code.

use platform::personal::DataKey;
use platform::personal::{self, UnmaskTarget, aad};
use platform::roles::Role;
use platform::workflow::{Context, Wait};
use platform::{Error, Result, query_code};

/// The storage steps of [`platform::workflow::Machine`] for a case of one row: loaded by
/// `$store::get_in` (its `version`), written by `$store::update`; `$field` the case in the
/// loaded row; the centre the default unit; no effects; audited as
/// `hall.<$code>.<command>` on `hall_<$code>` with `$words` and the number.
macro_rules! row_machine {
    ($store:ident, $field:ident, $code:literal, $words:literal) => {
        async fn load(
            &self,
            tx: &mut Tx,
            id: Self::Id,
            command: Command,
        ) -> Result<(Self::Loaded, i64, Command)> {
            // The contact stays sealed (masked in the snapshot): no command reads or changes it.
            let stored = $store::get_in(tx, id).await?;
            let version = stored.version;
            Ok((stored, version, command))
        }

        async fn store(
            &self,
            tx: &mut Tx,
            _id: Self::Id,
            _loaded: &Self::Loaded,
            state: &Self::State,
            version: i64,
            now: Instant,
        ) -> Result<i64> {
            $store::update(tx, state, version, now.millis()).await
        }

        fn statuses(
            &self,
            loaded: Option<&Self::Loaded>,
            state: &Self::State,
        ) -> (Option<&'static str>, &'static str) {
            (loaded.map(|l| l.$field.status.code()), state.status.code())
        }

        fn command_code(&self, command: &Command) -> String {
            workflow::command_code(&command.kind())
        }

        async fn default_unit(&self, _tx: &mut Tx, subject: &Subject<'_, Self>) -> Result<i64> {
            Ok(subject.state.centre.0)
        }

        async fn effect(
            &self,
            _tx: &mut Tx,
            _context: &Context<'_>,
            _subject: &Subject<'_, Self>,
            _event: &Event,
        ) -> Result<()> {
            Ok(())
        }

        fn audit(
            &self,
            id: Self::Id,
            loaded: &Self::Loaded,
            state: &Self::State,
            command: &Command,
        ) -> AuditEvent {
            let code = self.command_code(command);
            AuditEvent::new(
                &format!("hall.{}.{code}", $code),
                concat!("hall_", $code),
                id,
            )
            .detail(format!(
                "{} {}：{}，{} → {}",
                $words,
                loaded.number,
                command.kind().label(),
                loaded.$field.status.label(),
                state.status.label()
            ))
        }

        fn conflict_message(&self) -> &'static str {
            $store::CONFLICT
        }
    };
}
pub(crate) use row_machine;

/// The centre's waits on the workbench: its leaders and its handlers alike.
pub const fn centre_waits(label: &'static str, sql: &'static str) -> [Wait; 2] {
    const fn wait(role: Role, label: &'static str, sql: &'static str) -> Wait {
        Wait {
            role,
            label,
            sql,
            red_only: false,
            unit_clocks: false,
        }
    }
    [
        wait(Role::UnitLeader, label, sql),
        wait(Role::UnitHandler, label, sql),
    ]
}

/// Where a sealed contact lives and what it is called in the unmask record.
pub struct Sealed<'a> {
    pub sealed: &'a [u8],
    /// The sealed column (its AAD).
    pub column: &'a str,
    pub object_type: &'a str,
    pub object_id: i64,
    pub field: &'a str,
}

/// SEC-AUDIT: the sealed contact in clear, the reveal audited in the same transaction.
pub async fn reveal(
    db: &platform::db::Db,
    context: &Context<'_>,
    contact: Sealed<'_>,
) -> Result<String> {
    let mut tx = db.begin().await?;
    let place = aad(contact.column, contact.object_id);
    let object_id = contact.object_id.to_string();
    let target = UnmaskTarget {
        object_type: contact.object_type,
        object_id: &object_id,
        field: contact.field,
        reason: "",
        place: &place,
    };
    let clear = personal::unmask(
        &mut tx,
        context.key,
        context.actor,
        contact.sealed,
        &target,
        context.now.millis(),
    )
    .await?;
    tx.commit().await?;
    Ok(clear)
}

/// A public lookup by number and query code: its count of failed codes, what is not found,
/// and the blind index's input of a number and a code.
pub struct Lookup {
    pub scope: query_code::Scope,
    pub not_found: &'static str,
    pub input: fn(&str, &str) -> String,
}

/// The case of `number` found in `found` when `code` is its query code (its blind index
/// `hash`); a wrong code counts against the number, too many lock it.
pub async fn looked_up<T>(
    db: &platform::db::Db,
    key: &DataKey,
    lookup: &Lookup,
    (number, code): (&str, &str),
    found: Option<T>,
    hash: fn(&T) -> &str,
) -> Result<T> {
    query_code::verify(
        db,
        lookup.scope,
        number,
        found,
        |stored| key.lookup_matches(hash(stored), &(lookup.input)(number, code)),
        || Error::not_found(lookup.not_found),
    )
    .await
}
