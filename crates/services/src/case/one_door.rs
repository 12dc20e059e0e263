//! SVC-ONE-DOOR 只进一门 (000 中心 §16, §37): an item handled in the hall
//! ([`MoreElements::in_hall`](crate::item::MoreElements::in_hall)) is accepted only by the
//! hall's accepting unit — the comprehensive window where the item has one (事进人不进), the
//! department's professional window otherwise — and only for an application made online or
//! handed in at that window. The department accepting it in its own office, or accepting an
//! application another unit took in, is 两头受理: refused with the rule named, nothing changes.
//! An item not handled in the hall (on the negative list, SVC-NEG-LIST) is not bound.

use crate::case::Channel;
use crate::item::{Item, WindowMode};
use crate::{ServiceError, UnitId};

/// The unit of the hall that accepts `item` (SVC-ONE-DOOR, SVC-WINDOW).
pub fn hall_acceptor(item: &Item) -> UnitId {
    match item.basic.window {
        WindowMode::Comprehensive { window } => window,
        WindowMode::Professional => item.basic.department,
    }
}

/// SVC-ONE-DOOR: whether `by` may accept a case of `item` that came in through `channel`.
pub fn check_accept(item: &Item, channel: Channel, by: UnitId) -> Result<(), ServiceError> {
    if !item.basic.more.in_hall {
        return Ok(());
    }
    let hall = hall_acceptor(item);
    if by != hall {
        return Err(ServiceError::invalid(
            "本事项已进驻政务大厅，只能由大厅窗口受理，不得在原单位另行受理\
             （SVC-ONE-DOOR：杜绝“两头受理”，甘州区政务服务中心细则第十六条、第三十七条）",
        ));
    }
    if let Channel::Window { window } = channel
        && window != hall
    {
        return Err(ServiceError::invalid(
            "本申请不是在政务大厅受理窗口收取的，进驻大厅的事项不得在其他单位或场所受理\
             （SVC-ONE-DOOR：杜绝“两头受理”“多头受理”，甘州区政务服务中心细则第三十七条）",
        ));
    }
    Ok(())
}
