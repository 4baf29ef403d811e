//! Which column holds which field: detected from common register headers (any case,
//! spacing or punctuation), overridable with `name=Application,status=State`.

use crate::model::fields::{FIELDS, FieldSpec, field};

/// Headers of asset registers and CMDB exports, folded (see `fold`), by field key.
const HEADERS: &[(&str, &[&str])] = &[
    (
        "name",
        &[
            "applicationname",
            "name",
            "system",
            "systemname",
            "application",
            "app",
            "appname",
            "applicationtitle",
            "servicename",
            "service",
            "component",
            "asset",
            "assetname",
            "product",
            "productname",
        ],
    ),
    (
        "supplier",
        &[
            "vendor",
            "supplier",
            "suppliername",
            "vendorname",
            "manufacturer",
            "provider",
        ],
    ),
    (
        "status",
        &[
            "lifecyclestatus",
            "status",
            "lifecycle",
            "supportstatus",
            "lifecyclestage",
            "state",
        ],
    ),
    (
        "end_of_support",
        &[
            "endofsupport",
            "endofsupportdate",
            "eos",
            "eosdate",
            "endoflife",
            "endoflifedate",
            "eol",
            "eoldate",
            "supportend",
            "supportenddate",
            "supportexpiry",
        ],
    ),
    (
        "contract_end",
        &[
            "contractexpiry",
            "contractexpirydate",
            "contractend",
            "contractenddate",
            "contractexpires",
            "renewaldate",
            "contractrenewal",
        ],
    ),
    (
        "owner",
        &[
            "businessowner",
            "owner",
            "systemowner",
            "applicationowner",
            "serviceowner",
            "informationassetowner",
            "iao",
        ],
    ),
    (
        "annual_cost_gbp",
        &[
            "annualcost",
            "annualcostgbp",
            "cost",
            "costgbp",
            "annualcharge",
            "costperyear",
            "yearlycost",
            "annualspend",
            "runcost",
            "annualruncost",
        ],
    ),
    (
        "hosting",
        &[
            "hosting",
            "hosted",
            "hostingmodel",
            "hostinglocation",
            "deployment",
        ],
    ),
    ("sourcing", &["sourcing", "buildbuy", "sourcingmodel"]),
    (
        "break_clause",
        &["breakclause", "terminationclause", "breakclausenotes"],
    ),
    (
        "description",
        &["description", "notes", "comments", "purpose", "summary"],
    ),
    ("tags", &["tags", "tag", "labels", "keywords"]),
];

/// A header without case, spaces or punctuation ("Annual Cost (£)" is "annualcost").
pub fn fold(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The fields a column can fill: every field read from text, bar references to other
/// components.
pub fn targets() -> impl Iterator<Item = &'static FieldSpec> {
    FIELDS.iter().filter(|f| f.key != "evolve.replaced_by")
}

/// For each column, the field it fills (`None`: kept in the description).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Mapping {
    pub columns: Vec<Option<&'static str>>,
}

impl Mapping {
    /// From the headers; a field goes to the first column whose header names it, and a
    /// header that is a field's own label or file key counts too ("Support status").
    pub fn detect(headers: &[String]) -> Self {
        let mut columns: Vec<Option<&'static str>> = vec![None; headers.len()];
        for (i, header) in headers.iter().enumerate() {
            let folded = fold(header);
            let known = HEADERS
                .iter()
                .find(|(_, names)| names.contains(&folded.as_str()))
                .map(|(key, _)| *key)
                .or_else(|| {
                    targets()
                        .find(|f| [f.key, f.label, f.header].iter().any(|n| fold(n) == folded))
                        .map(|f| f.key)
                });
            if let Some(key) = known.filter(|k| !columns.contains(&Some(k))) {
                columns[i] = Some(key);
            }
        }
        Self { columns }
    }

    /// The column filling `key`.
    pub fn column_of(&self, key: &str) -> Option<usize> {
        self.columns.iter().position(|c| *c == Some(key))
    }

    /// Puts `key` on column `column` (or on none), taking it off any other column.
    pub fn set(&mut self, column: usize, key: Option<&'static str>) {
        for c in self
            .columns
            .iter_mut()
            .filter(|c| c.is_some() && **c == key)
        {
            *c = None;
        }
        if let Some(slot) = self.columns.get_mut(column) {
            *slot = key;
        }
    }

    /// Applies `--columns name=Application,status=State`: keys are file keys, headers
    /// match as detection does.
    pub fn apply_overrides(&mut self, headers: &[String], spec: &str) -> Result<(), String> {
        for pair in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (key, header) = pair.split_once('=').ok_or_else(|| {
                format!(
                    "--columns: \u{201C}{pair}\u{201D} is not KEY=HEADER (e.g. name=Application)"
                )
            })?;
            let key = targets()
                .find(|f| f.key == key.trim())
                .map(|f| f.key)
                .ok_or_else(|| {
                    let keys: Vec<_> = targets().map(|f| f.key).collect();
                    format!(
                        "--columns: \u{201C}{}\u{201D} is not a field: use one of {}",
                        key.trim(),
                        keys.join(", ")
                    )
                })?;
            let wanted = fold(header);
            let column = headers
                .iter()
                .position(|h| fold(h) == wanted)
                .ok_or_else(|| {
                    format!(
                        "--columns: there is no column \u{201C}{}\u{201D}: the headers are {}",
                        header.trim(),
                        headers.join(", ")
                    )
                })?;
            self.set(column, Some(key));
        }
        Ok(())
    }

    /// "name=Application Name, status=Lifecycle Status", for messages and the CLI.
    pub fn describe(&self, headers: &[String]) -> String {
        let pairs: Vec<String> = targets()
            .filter_map(|f| {
                let column = self.column_of(f.key)?;
                Some(format!("{}={}", f.key, headers[column]))
            })
            .collect();
        pairs.join(", ")
    }
}

/// The label of a field key, for the dialog's combos.
pub fn label_of(key: &str) -> &'static str {
    field(key).map_or("", |f| f.label)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn common_headers_are_found_whatever_their_case_and_spacing() {
        let h = headers(&[
            "Application Name",
            "VENDOR",
            "Lifecycle status",
            "End of Support",
            "Contract Expiry",
            "Business Owner",
            "Annual Cost (\u{a3})",
            "Hosting",
            "Version",
            "System",
        ]);
        let m = Mapping::detect(&h);
        assert_eq!(
            m.columns,
            [
                Some("name"),
                Some("supplier"),
                Some("status"),
                Some("end_of_support"),
                Some("contract_end"),
                Some("owner"),
                Some("annual_cost_gbp"),
                Some("hosting"),
                None,
                None,
            ]
        );
    }

    #[test]
    fn overrides_move_a_field_to_another_column() {
        let h = headers(&["Name", "Application", "State"]);
        let mut m = Mapping::detect(&h);
        m.apply_overrides(&h, "name=application, status=State")
            .unwrap();
        assert_eq!(m.columns, [None, Some("name"), Some("status")]);
        let e = m.apply_overrides(&h, "colour=Name").unwrap_err();
        assert!(e.contains("\u{201C}colour\u{201D} is not a field"), "{e}");
        let e = m.apply_overrides(&h, "owner=Boss").unwrap_err();
        assert!(e.contains("no column \u{201C}Boss\u{201D}"), "{e}");
    }
}
