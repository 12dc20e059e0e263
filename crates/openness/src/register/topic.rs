//! The theme classification (主题分类) of the disclosure catalogue (PUB-CATALOG): the
//! categories of the national policy-document library, less the State Council's own
//! organisation, each with a two-digit code that goes into the 索引号.

/// One 主题分类.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Topic {
    General,
    Economy,
    Finance,
    LandEnergy,
    Agriculture,
    IndustryTransport,
    Commerce,
    MarketSafety,
    UrbanEnvironment,
    ScienceEducation,
    CultureMedia,
    HealthSports,
    PopulationFamily,
    LabourPersonnel,
    PublicSecurityJustice,
    CivilAffairs,
    EthnicReligious,
    ForeignAffairs,
    HongKongMacaoTaiwan,
    Defence,
    Other,
}

impl Topic {
    pub const ALL: [Topic; 21] = [
        Topic::General,
        Topic::Economy,
        Topic::Finance,
        Topic::LandEnergy,
        Topic::Agriculture,
        Topic::IndustryTransport,
        Topic::Commerce,
        Topic::MarketSafety,
        Topic::UrbanEnvironment,
        Topic::ScienceEducation,
        Topic::CultureMedia,
        Topic::HealthSports,
        Topic::PopulationFamily,
        Topic::LabourPersonnel,
        Topic::PublicSecurityJustice,
        Topic::CivilAffairs,
        Topic::EthnicReligious,
        Topic::ForeignAffairs,
        Topic::HongKongMacaoTaiwan,
        Topic::Defence,
        Topic::Other,
    ];

    pub const fn label_zh(self) -> &'static str {
        match self {
            Topic::General => "综合政务",
            Topic::Economy => "国民经济管理、国有资产监管",
            Topic::Finance => "财政、金融、审计",
            Topic::LandEnergy => "国土资源、能源",
            Topic::Agriculture => "农业、林业、水利",
            Topic::IndustryTransport => "工业、交通",
            Topic::Commerce => "商贸、海关、旅游",
            Topic::MarketSafety => "市场监管、安全生产监管",
            Topic::UrbanEnvironment => "城乡建设、环境保护",
            Topic::ScienceEducation => "科技、教育",
            Topic::CultureMedia => "文化、广电、新闻出版",
            Topic::HealthSports => "卫生、体育",
            Topic::PopulationFamily => "人口与计划生育、妇女儿童工作",
            Topic::LabourPersonnel => "劳动、人事、监察",
            Topic::PublicSecurityJustice => "公安、安全、司法",
            Topic::CivilAffairs => "民政、扶贫、救灾",
            Topic::EthnicReligious => "民族、宗教",
            Topic::ForeignAffairs => "对外事务",
            Topic::HongKongMacaoTaiwan => "港澳台侨工作",
            Topic::Defence => "国防",
            Topic::Other => "其他",
        }
    }

    /// The two-digit code of the 索引号 (its place in [`Topic::ALL`], from 01).
    pub fn code(self) -> String {
        let place = Topic::ALL.iter().position(|t| *t == self).unwrap_or(20);
        format!("{:02}", place + 1)
    }

    /// The topic of a code, as forms and filters send it.
    pub fn of_code(code: &str) -> Option<Topic> {
        Topic::ALL.into_iter().find(|topic| topic.code() == code)
    }
}
