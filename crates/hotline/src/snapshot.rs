//! The persistence snapshot of an [`Order`] (a JSON column, not a page view): a versioned
//! envelope; the serde forms of the calendar values it holds are `platform::snapshot`'s.

use serde::{Deserialize, Serialize};

use crate::order::Order;

/// The shape of the stored `Order`. Raise it when the shape changes and migrate old rows
/// in [`from_json`].
pub const SNAPSHOT_VERSION: u32 = 1;

#[derive(Serialize, Deserialize)]
struct Envelope {
    snapshot_version: u32,
    order: Order,
}

#[derive(Serialize)]
struct EnvelopeRef<'a> {
    snapshot_version: u32,
    order: &'a Order,
}

/// The stored text of an order.
pub fn to_json(order: &Order) -> Result<String, serde_json::Error> {
    serde_json::to_string(&EnvelopeRef {
        snapshot_version: SNAPSHOT_VERSION,
        order,
    })
}

/// Reads a stored order; an unknown snapshot version is an error.
pub fn from_json(text: &str) -> anyhow::Result<Order> {
    let envelope: Envelope = serde_json::from_str(text)?;
    if envelope.snapshot_version != SNAPSHOT_VERSION {
        anyhow::bail!(
            "order snapshot version {} is not {SNAPSHOT_VERSION}",
            envelope.snapshot_version
        );
    }
    Ok(envelope.order)
}

/// The calendar values' serde forms, shared with every domain's snapshots.
pub use platform::snapshot::{clock, instant, limit, opt_instant, opt_limit, vec_instant};
