//! The United Nations' geographic regions (the M49 standard of the UN Statistics Division):
//! every ISO 3166-1 alpha-2 code Haven accepts, by sub-region, each sub-region in its region.
//! The CTDC export generalizes a country to these when a country alone would single someone
//! out. No maintained crate carries the table (`isocountry` has the codes and names only), so
//! it is written here once and checked by a test against every code `isocountry` knows.

/// Sub-regions of M49 as its regions group them (Antarctica, which M49 places in no region,
/// stands alone), with the alpha-2 codes of each, space-separated.
const SUBREGIONS: &[(&str, &str, &str)] = &[
    ("Northern Africa", "Africa", "DZ EG EH LY MA SD TN"),
    (
        "Sub-Saharan Africa",
        "Africa",
        "AO BF BI BJ BW CD CF CG CI CM CV DJ ER ET GA GH GM GN GQ GW IO KE KM LR LS MG ML MR MU \
         MW MZ NA NE NG RE RW SC SH SL SN SO SS ST SZ TD TF TG TZ UG YT ZA ZM ZW",
    ),
    (
        "Latin America and the Caribbean",
        "Americas",
        "AG AI AR AW BB BL BO BQ BR BS BV BZ CL CO CR CU CW DM DO EC FK GD GF GP GS GT GY HN HT \
         JM KN KY LC MF MQ MS MX NI PA PE PR PY SR SV SX TC TT UY VC VE VG VI",
    ),
    ("Northern America", "Americas", "BM CA GL PM US"),
    ("Central Asia", "Asia", "KG KZ TJ TM UZ"),
    ("Eastern Asia", "Asia", "CN HK JP KP KR MN MO TW"),
    (
        "South-eastern Asia",
        "Asia",
        "BN ID KH LA MM MY PH SG TH TL VN",
    ),
    ("Southern Asia", "Asia", "AF BD BT IN IR LK MV NP PK"),
    (
        "Western Asia",
        "Asia",
        "AE AM AZ BH CY GE IL IQ JO KW LB OM PS QA SA SY TR YE",
    ),
    ("Eastern Europe", "Europe", "BG BY CZ HU MD PL RO RU SK UA"),
    (
        "Northern Europe",
        "Europe",
        "AX DK EE FI FO GB GG IE IM IS JE LT LV NO SE SJ",
    ),
    (
        "Southern Europe",
        "Europe",
        "AD AL BA ES GI GR HR IT ME MK MT PT RS SI SM VA",
    ),
    ("Western Europe", "Europe", "AT BE CH DE FR LI LU MC NL"),
    ("Australia and New Zealand", "Oceania", "AU CC CX HM NF NZ"),
    ("Melanesia", "Oceania", "FJ NC PG SB VU"),
    ("Micronesia", "Oceania", "FM GU KI MH MP NR PW UM"),
    ("Polynesia", "Oceania", "AS CK NU PF PN TK TO TV WF WS"),
    ("Antarctica", "Antarctica", "AQ"),
];

/// The M49 sub-region and region of an alpha-2 code; `None` for a code not in the table.
pub(crate) fn regions_of(alpha2: &str) -> Option<(&'static str, &'static str)> {
    SUBREGIONS
        .iter()
        .find(|(_, _, codes)| codes.split_whitespace().any(|c| c == alpha2))
        .map(|&(sub, region, _)| (sub, region))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_isocountry_knows_is_in_exactly_one_sub_region() {
        let mut seen = std::collections::HashSet::new();
        for (_, _, codes) in SUBREGIONS {
            for c in codes.split_whitespace() {
                assert!(seen.insert(c), "{c} is listed twice");
                assert!(
                    isocountry::CountryCode::for_alpha2(c).is_ok(),
                    "{c} is no ISO 3166-1 code"
                );
            }
        }
        for country in isocountry::CountryCode::iter() {
            assert!(
                seen.contains(country.alpha2()),
                "{} has no region",
                country.alpha2()
            );
        }
        assert_eq!(seen.len(), isocountry::CountryCode::num_country_codes());
    }

    #[test]
    fn a_few_countries_sit_where_m49_puts_them() {
        assert_eq!(regions_of("AZ"), Some(("Western Asia", "Asia")));
        assert_eq!(regions_of("RU"), Some(("Eastern Europe", "Europe")));
        assert_eq!(regions_of("TR"), Some(("Western Asia", "Asia")));
        assert_eq!(regions_of("UZ"), Some(("Central Asia", "Asia")));
        assert_eq!(
            regions_of("MX"),
            Some(("Latin America and the Caribbean", "Americas"))
        );
        assert_eq!(regions_of("NG"), Some(("Sub-Saharan Africa", "Africa")));
        assert_eq!(regions_of("XX"), None);
    }
}
