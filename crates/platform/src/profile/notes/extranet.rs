//! Profile notes of the e-government extranet (NET-*): file 000 外网 §10 and §15 order the
//! steps but give no day counts, so every default is the platform's.

use super::{FieldNote, n};

pub(super) const EXTRANET: &[FieldNote] = &[
    n(
        "extranet.review",
        "外网接入申请审核时限",
        "NET-ACCESS",
        SOURCE_REVIEW,
    ),
    n(
        "extranet.plan",
        "外网接入技术方案报送时限",
        "NET-ACCESS",
        SOURCE_PLAN,
    ),
    n(
        "extranet.implement",
        "外网接入实施（含排查）时限",
        "NET-ACCESS",
        SOURCE_IMPLEMENT,
    ),
    n(
        "extranet.test",
        "外网接入业务测试时限",
        "NET-ACCESS",
        SOURCE_TEST,
    ),
    n(
        "extranet.close_link",
        "外网关闭链路并书面通知时限",
        "NET-ACCESS",
        SOURCE_CLOSE,
    ),
    n(
        "extranet.finding_fix",
        "外网安全检查问题整改时限",
        "NET-LEDGER",
        SOURCE_FIX,
    ),
];

const SOURCE_REVIEW: &str =
    "000 外网 §10(二)（“及时”，未规定天数）；文件未规定，平台默认值，可修改";
const SOURCE_PLAN: &str = "000 外网 §10(三)（未规定天数）；文件未规定，平台默认值，可修改";
const SOURCE_IMPLEMENT: &str = "000 外网 §10(四)(五)（未规定天数）；文件未规定，平台默认值，可修改";
const SOURCE_TEST: &str = "000 外网 §10(五)（未规定天数）；文件未规定，平台默认值，可修改";
const SOURCE_CLOSE: &str = "000 外网 §10 末款（未规定天数）；文件未规定，平台默认值，可修改";
const SOURCE_FIX: &str = "000 外网 §15（“限期整改”，未规定天数）；文件未规定，平台默认值，可修改";
