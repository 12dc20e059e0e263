//! Accounts known from the unified identity provider, and enterprises (issue 23 items 1, 2):
//! a person or an enterprise found by the provider's subject, created at its first login
//! with the claims the installation names; an enterprise registered by its legal
//! representative with its 统一社会信用代码 (GB 32100 check); agents (经办人) authorised and
//! revoked by the representative only; acting for an enterprise refused to anyone else.

use platform::audit::{self, AuditEvent, Outcome};
use platform::db::Db;
use platform::personal::{CitizenIdNo, DataKey, PersonName, PhoneNumber, aad};
use platform::{Error, Result};
use sqlx::Row as _;

use crate::account::{self, Account, actor, audit_refusal};
use crate::model::{self, Acting, Uscc};
use crate::oidc::Identity;

/// The account of the provider's subject, created at its first login: an enterprise when
/// the 统一社会信用代码 claim is present, else a person. The details are refreshed from the
/// claims at each login (the provider is the source); a malformed claim is dropped, not
/// stored.
pub async fn account_of_identity(
    db: &Db,
    key: &DataKey,
    identity: &Identity,
    ip: &str,
    now: i64,
) -> Result<i64> {
    let uscc = identity.uscc.as_deref().map(Uscc::parse).transpose()?;
    let kind = if uscc.is_some() {
        "enterprise"
    } else {
        "person"
    };
    let mut tx = db.begin().await?;
    let existing =
        sqlx::query("SELECT id, status FROM accounts WHERE origin = 'oidc' AND subject = $1")
            .bind(&identity.subject)
            .fetch_optional(&mut *tx)
            .await?;
    let id = match existing {
        Some(row) => {
            let status: String = row.try_get("status")?;
            let id: i64 = row.try_get("id")?;
            if status != "active" {
                return Err(Error::invalid("该账号已注销，不能再登录"));
            }
            id
        }
        None => {
            let row = sqlx::query(
                "INSERT INTO accounts (kind, origin, subject, status, created_at) \
                 VALUES ($1, 'oidc', $2, 'active', $3) RETURNING id",
            )
            .bind(kind)
            .bind(&identity.subject)
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
            let id: i64 = row.try_get("id")?;
            let event = AuditEvent::new("account.register", "account", id)
                .detail("统一身份认证首次登录，建立账号");
            audit::record(&mut tx, &actor(id, ip), event, now).await?;
            id
        }
    };
    let name = identity
        .name
        .as_deref()
        .and_then(|n| PersonName::parse(n).ok());
    let phone = identity
        .phone
        .as_deref()
        .and_then(|p| PhoneNumber::parse(p).ok());
    let id_number = identity
        .id_number
        .as_deref()
        .and_then(|n| CitizenIdNo::parse(n).ok());
    let seal = |column: &str, value: Option<&str>| {
        value.map(|v| key.seal_for(v, &aad(column, id))).transpose()
    };
    sqlx::query(
        "UPDATE accounts SET name_sealed = $1, phone_sealed = $2, id_number_sealed = $3, \
         phone_hash = $4, id_number_hash = $5, uscc = $6, enterprise_name = $7 WHERE id = $8",
    )
    .bind(seal(
        "accounts.name",
        name.as_ref().map(PersonName::as_str),
    )?)
    .bind(seal(
        "accounts.phone",
        phone.as_ref().map(PhoneNumber::as_str),
    )?)
    .bind(seal(
        "accounts.id_number",
        id_number.as_ref().map(CitizenIdNo::as_str),
    )?)
    .bind(
        phone
            .as_ref()
            .map(|p| key.lookup_hash(&format!("account-phone:{}", p.as_str()))),
    )
    .bind(
        id_number
            .as_ref()
            .map(|n| key.lookup_hash(&format!("account-id-number:{}", n.as_str()))),
    )
    .bind(uscc.as_ref().map(|u| u.as_str().to_owned()))
    .bind(identity.enterprise_name.as_deref())
    .bind(id)
    .execute(&mut *tx)
    .await?;
    let event = AuditEvent::new("account.login", "account", id).detail("统一身份认证登录");
    audit::record(&mut tx, &actor(id, ip), event, now).await?;
    tx.commit().await?;
    Ok(id)
}

/// An enterprise registered by a person who is its legal representative; the person's
/// account is the representative's.
pub async fn register_enterprise(
    db: &Db,
    representative: &Account,
    (uscc, name): (&str, &str),
    ip: &str,
    now: i64,
) -> Result<i64> {
    let who = actor(representative.id, ip);
    let checked = (|| {
        let uscc = Uscc::parse(uscc)?;
        let name = name.trim();
        let n = name.chars().count();
        if !(2..=100).contains(&n) || name.chars().any(char::is_control) {
            return Err(Error::invalid("企业名称应为 2 至 100 个字符"));
        }
        if representative.kind != model::Kind::Person {
            return Err(Error::invalid("请以法定代表人本人的个人账号登记企业"));
        }
        Ok((uscc, name.to_owned()))
    })();
    let (uscc, name) = match checked {
        Ok(c) => c,
        Err(error) => {
            audit_refusal(db, &who, "account.enterprise", &error.to_string(), now).await;
            return Err(error);
        }
    };
    let mut tx = db.begin().await?;
    let taken = sqlx::query(
        "SELECT id FROM accounts WHERE uscc = $1 AND kind = 'enterprise' AND status = 'active'",
    )
    .bind(uscc.as_str())
    .fetch_optional(&mut *tx)
    .await?;
    if taken.is_some() {
        drop(tx);
        let why = "该统一社会信用代码已登记企业账号";
        audit_refusal(db, &who, "account.enterprise", why, now).await;
        return Err(Error::invalid(why));
    }
    let row = sqlx::query(
        "INSERT INTO accounts (kind, origin, uscc, enterprise_name, representative_id, status, \
         created_at) VALUES ('enterprise', 'local', $1, $2, $3, 'active', $4) RETURNING id",
    )
    .bind(uscc.as_str())
    .bind(&name)
    .bind(representative.id)
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    let id: i64 = row.try_get("id")?;
    let event = AuditEvent::new("account.enterprise", "account", id).detail(format!(
        "登记企业 {name}（{}），法定代表人账号 {}",
        uscc.as_str(),
        representative.id
    ));
    audit::record(&mut tx, &who, event, now).await?;
    tx.commit().await?;
    Ok(id)
}

async fn acting(db: &Db, enterprise_id: i64, person_id: i64) -> Result<Acting> {
    let row = sqlx::query(
        "SELECT representative_id FROM accounts WHERE id = $1 AND kind = 'enterprise' \
         AND status = 'active'",
    )
    .bind(enterprise_id)
    .fetch_optional(&db.pool)
    .await?;
    let representative: Option<i64> = match row {
        Some(row) => row.try_get("representative_id")?,
        None => None,
    };
    let live = sqlx::query(
        "SELECT id FROM account_agents WHERE enterprise_id = $1 AND person_id = $2 \
         AND revoked_at IS NULL",
    )
    .bind(enterprise_id)
    .bind(person_id)
    .fetch_optional(&db.pool)
    .await?;
    Ok(Acting {
        is_representative: representative == Some(person_id),
        has_live_authorisation: live.is_some(),
    })
}

/// Issue 23 bad input: a person acting for an enterprise that did not authorise them is
/// refused, audited, and nothing changes.
pub async fn act_for(
    db: &Db,
    person_id: i64,
    enterprise_id: i64,
    ip: &str,
    now: i64,
) -> Result<()> {
    let who = actor(person_id, ip);
    if let Err(error) = model::may_act_for(acting(db, enterprise_id, person_id).await?) {
        audit_refusal(
            db,
            &who,
            "account.act_for",
            &format!("企业账号 {enterprise_id}：{error}"),
            now,
        )
        .await;
        return Err(error);
    }
    let event = AuditEvent::new("account.act_for", "account", enterprise_id)
        .outcome(Outcome::Success)
        .detail(format!("账号 {person_id} 以企业名义办理"));
    audit::record_alone(db, &who, event, now).await
}

/// The representative authorises the person whose local account has `phone` as an agent.
pub async fn authorise_agent(
    db: &Db,
    key: &DataKey,
    (representative_id, enterprise_id): (i64, i64),
    phone: &str,
    ip: &str,
    now: i64,
) -> Result<i64> {
    let who = actor(representative_id, ip);
    let facts = acting(db, enterprise_id, representative_id).await?;
    let checked =
        model::may_authorise(facts.is_representative).and_then(|()| PhoneNumber::parse(phone));
    let phone = match checked {
        Ok(phone) => phone,
        Err(error) => {
            audit_refusal(db, &who, "account.agent", &error.to_string(), now).await;
            return Err(error);
        }
    };
    let row = sqlx::query(
        "SELECT id FROM accounts WHERE phone_hash = $1 AND kind = 'person' AND status = 'active'",
    )
    .bind(key.lookup_hash(&format!("account-phone:{}", phone.as_str())))
    .fetch_optional(&db.pool)
    .await?;
    let Some(row) = row else {
        let why = "该手机号没有已实名注册的个人账号";
        audit_refusal(db, &who, "account.agent", why, now).await;
        return Err(Error::invalid(why));
    };
    let person: i64 = row.try_get("id")?;
    let mut tx = db.begin().await?;
    let row = sqlx::query(
        "INSERT INTO account_agents (enterprise_id, person_id, authorised_by, authorised_at) \
         VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(enterprise_id)
    .bind(person)
    .bind(representative_id)
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    let event = AuditEvent::new("account.agent", "account", enterprise_id).detail(format!(
        "授权账号 {person} 为经办人（手机 {}）",
        phone.masked()
    ));
    audit::record(&mut tx, &who, event, now).await?;
    tx.commit().await?;
    Ok(row.try_get("id")?)
}

/// The representative revokes an agent.
pub async fn revoke_agent(
    db: &Db,
    (representative_id, enterprise_id): (i64, i64),
    person_id: i64,
    ip: &str,
    now: i64,
) -> Result<()> {
    let who = actor(representative_id, ip);
    let facts = acting(db, enterprise_id, representative_id).await?;
    if let Err(error) = model::may_authorise(facts.is_representative) {
        audit_refusal(db, &who, "account.agent", &error.to_string(), now).await;
        return Err(error);
    }
    let mut tx = db.begin().await?;
    sqlx::query(
        "UPDATE account_agents SET revoked_at = $1 WHERE enterprise_id = $2 AND person_id = $3 \
         AND revoked_at IS NULL",
    )
    .bind(now)
    .bind(enterprise_id)
    .bind(person_id)
    .execute(&mut *tx)
    .await?;
    let event = AuditEvent::new("account.agent", "account", enterprise_id)
        .detail(format!("撤销账号 {person_id} 的经办人授权"));
    audit::record(&mut tx, &who, event, now).await?;
    tx.commit().await?;
    Ok(())
}

/// The enterprises a person may act for (as representative or live agent).
pub async fn enterprises_of(db: &Db, key: &DataKey, person_id: i64) -> Result<Vec<Account>> {
    let rows = sqlx::query(
        "SELECT id FROM accounts WHERE kind = 'enterprise' AND status = 'active' AND \
         (representative_id = $1 OR id IN (SELECT enterprise_id FROM account_agents \
          WHERE person_id = $2 AND revoked_at IS NULL)) ORDER BY id",
    )
    .bind(person_id)
    .bind(person_id)
    .fetch_all(&db.pool)
    .await?;
    let mut out = Vec::new();
    for row in rows {
        if let Some(found) = account::get(db, key, row.try_get("id")?).await? {
            out.push(found);
        }
    }
    Ok(out)
}

/// An agent of an enterprise as its representative sees them (name and phone masked).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Agent {
    pub person_id: i64,
    pub name: String,
    pub phone: String,
    pub authorised_at: i64,
    pub revoked_at: Option<i64>,
}

/// The agents of `enterprise_id`, live ones first; for its representative only (anyone
/// else gets NotFound, like an unknown enterprise).
pub async fn agents(
    db: &Db,
    key: &DataKey,
    representative_id: i64,
    enterprise_id: i64,
) -> Result<Vec<Agent>> {
    if !acting(db, enterprise_id, representative_id)
        .await?
        .is_representative
    {
        return Err(Error::not_found("企业账号"));
    }
    let rows = sqlx::query(
        "SELECT person_id, authorised_at, revoked_at FROM account_agents \
         WHERE enterprise_id = $1 ORDER BY revoked_at IS NOT NULL, authorised_at DESC, id DESC",
    )
    .bind(enterprise_id)
    .fetch_all(&db.pool)
    .await?;
    let mut out = Vec::new();
    for row in rows {
        let person_id: i64 = row.try_get("person_id")?;
        let person = account::get(db, key, person_id).await?;
        out.push(Agent {
            person_id,
            name: person
                .as_ref()
                .and_then(|p| p.name.as_deref())
                .and_then(|n| PersonName::parse(n).ok())
                .map(|n| n.masked())
                .unwrap_or_else(|| "（已注销）".into()),
            phone: person.map(|p| p.masked_phone()).unwrap_or_default(),
            authorised_at: row.try_get("authorised_at")?,
            revoked_at: row.try_get("revoked_at")?,
        });
    }
    Ok(out)
}
