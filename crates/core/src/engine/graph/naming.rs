//! Graph's names of services, licenses and categories, mapped to the model.

use crate::engine::model::{Category, Service};

/// The service of a control nothing says anything about.
pub(super) const UNKNOWN_SERVICE: &str = "Unknown";

/// The services an `enabledServices` entry stands for ("HasEXOP2" →
/// Exchange Online, "HasSPOP2" → SharePoint Online and OneDrive, ...).
/// Licenses this build does not know ("HasCLB", ...) stand for none: they
/// are skipped rather than shown under a code name.
pub(super) fn licensed_services(entry: &str) -> Vec<Service> {
    let lower = entry.trim().to_ascii_lowercase();
    let key = lower.strip_prefix("has").unwrap_or(&lower);
    let starts = |prefixes: &[&str]| prefixes.iter().any(|prefix| key.starts_with(prefix));
    if starts(&["exo", "exchange"]) {
        vec![Service::ExchangeOnline]
    } else if starts(&["spo", "sharepoint"]) {
        vec![Service::SharePointOnline, Service::OneDrive]
    } else if starts(&["aad"]) {
        vec![Service::EntraId]
    } else if starts(&["mdo"]) {
        vec![Service::DefenderForOffice365]
    } else if starts(&["ocas", "mcas"]) {
        vec![Service::DefenderForCloudApps]
    } else if starts(&["intune"]) {
        vec![Service::Intune]
    } else if starts(&["teams"]) {
        vec![Service::Teams]
    } else {
        Vec::new()
    }
}

/// The service of a profile's `service` ("EXO", "Azure ATP", "MDA_SF"
/// for a Defender for Cloud Apps SaaS connector, ...); from the control's
/// id when blank.
pub(super) fn profile_service(service: &str, id: &str) -> Service {
    if service.trim().is_empty() {
        return service_of_name(id);
    }
    match Service::parse(service) {
        Service::Other(name) if name.to_ascii_lowercase().starts_with("mda_") => {
            Service::DefenderForCloudApps
        }
        parsed => parsed,
    }
}

/// The service of a control name by its prefix (`mdo_`, `spo_`, `mip_`,
/// `aad_`, `exo_`), else [`UNKNOWN_SERVICE`].
pub(super) fn service_of_name(name: &str) -> Service {
    let lower = name.to_ascii_lowercase();
    let prefix = lower.split_once('_').map_or("", |(prefix, _)| prefix);
    match prefix {
        "mdo" => Service::DefenderForOffice365,
        "spo" => Service::SharePointOnline,
        "mip" => Service::Purview,
        "aad" => Service::EntraId,
        "exo" => Service::ExchangeOnline,
        _ => Service::Other(UNKNOWN_SERVICE.to_string()),
    }
}

/// True for the placeholder of [`service_of_name`], which names no service
/// the tenant has.
pub(super) fn is_unknown(service: &Service) -> bool {
    matches!(service, Service::Other(name) if name == UNKNOWN_SERVICE)
}

/// The first of the given category names that is a known category.
pub(super) fn category_of(names: &[&str]) -> Option<Category> {
    names.iter().find_map(|name| Category::parse(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn licenses_map_to_services() {
        assert_eq!(licensed_services("HasEXOP2"), [Service::ExchangeOnline]);
        assert_eq!(
            licensed_services("HasSPOP2"),
            [Service::SharePointOnline, Service::OneDrive]
        );
        assert_eq!(licensed_services("HasAADFree"), [Service::EntraId]);
        assert_eq!(licensed_services("hasaadp2"), [Service::EntraId]);
        assert_eq!(
            licensed_services("HasMDOP1"),
            [Service::DefenderForOffice365]
        );
        assert_eq!(
            licensed_services("HasOCAS"),
            [Service::DefenderForCloudApps]
        );
        assert_eq!(
            licensed_services("HasMCAS"),
            [Service::DefenderForCloudApps]
        );
        assert_eq!(licensed_services("HasIntune"), [Service::Intune]);
        assert_eq!(licensed_services("HasInTune"), [Service::Intune]);
        assert_eq!(licensed_services("HasTeams"), [Service::Teams]);
        assert_eq!(licensed_services("HasExchange"), [Service::ExchangeOnline]);
        assert_eq!(licensed_services("HasCLB"), []);
        assert_eq!(licensed_services(""), []);
    }

    #[test]
    fn profile_services_and_name_prefixes() {
        assert_eq!(
            profile_service("MDA_SF", "x"),
            Service::DefenderForCloudApps
        );
        assert_eq!(
            profile_service("Azure ATP", "x"),
            Service::DefenderForIdentity
        );
        assert_eq!(
            profile_service("FORMS", "x"),
            Service::Other("FORMS".into())
        );
        assert_eq!(profile_service(" ", "exo_x"), Service::ExchangeOnline);
        assert_eq!(
            service_of_name("mdo_zapmalware"),
            Service::DefenderForOffice365
        );
        assert_eq!(service_of_name("SPO_legacy"), Service::SharePointOnline);
        assert_eq!(service_of_name("mip_search_auditlog"), Service::Purview);
        assert_eq!(service_of_name("aad_x"), Service::EntraId);
        assert_eq!(
            service_of_name("MFARegistrationV2"),
            Service::Other("Unknown".into())
        );
        assert!(is_unknown(&service_of_name("mdox")));
        assert!(!is_unknown(&Service::Other("FORMS".into())));
    }

    #[test]
    fn first_known_category_wins() {
        assert_eq!(category_of(&["", "identity"]), Some(Category::Identity));
        assert_eq!(category_of(&["Apps", "Data"]), Some(Category::Apps));
        assert_eq!(category_of(&["Network"]), None);
    }
}
