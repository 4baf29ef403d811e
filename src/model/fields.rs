//! The table of component fields: one description per field (file key, label, CSV
//! header, how it is read from text and shown as text, what editor it takes). The
//! inspector, the hover card and the edit commands read it; importers, diff and merge
//! are meant to as well, so a new field is one entry here.

use super::{ClinicalRisk, ComponentId};
use super::{Component, Consequence, Evolve, Hosting, Kind, Likelihood, Sourcing, SupportStatus};
use super::{Market, Range3, RiskDecision};
use chrono::NaiveDate;

/// What kind of editor a field takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Editor {
    /// One line of text, parsed as it is typed.
    Line,
    /// Several lines of free text.
    Lines,
    /// One of a fixed list (the labels `choices` returns), or none if optional.
    Choice,
    /// On or off.
    Check,
    /// Another component of the map.
    Component,
}

/// Where a field sits in the inspector, top to bottom.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Section {
    Identity,
    Support,
    Shape,
    Clinical,
    Plan,
    Notes,
    /// Risk in pounds and harm: a user need's service facts, a system's failure rate
    /// and DSPT decision.
    Money,
}

impl Section {
    pub const ALL: [Section; 7] = [
        Section::Identity,
        Section::Support,
        Section::Shape,
        Section::Clinical,
        Section::Plan,
        Section::Notes,
        Section::Money,
    ];
}

/// What a value means, for formatting beyond plain text (e.g. pounds on a card).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Value {
    Text,
    Date,
    Money,
    /// A count or rate (patients a day).
    Number,
    /// One number, or low / likely / high.
    Range,
    Fraction,
    List,
    Flag,
    Reference,
}

pub struct FieldSpec {
    /// The key in the map file (dotted for a nested object).
    pub key: &'static str,
    /// The label in the inspector and on the hover card.
    pub label: &'static str,
    /// How to type it, shown after the label in the inspector ("YYYY-MM-DD").
    pub hint: Option<&'static str>,
    /// The column header in CSV and report tables.
    pub header: &'static str,
    pub editor: Editor,
    pub section: Section,
    pub value: Value,
    /// Shown on the component's hover card when set.
    pub on_card: bool,
    /// The value as text ("" when not set); `parse` reads it back unchanged.
    pub show: fn(&Component) -> String,
    /// Reads `text` into the component, or says what is wrong with it. Empty text
    /// clears an optional field.
    pub parse: fn(&mut Component, &str) -> Result<(), String>,
    /// The labels a choice offers, in order.
    pub choices: fn() -> Vec<&'static str>,
}

impl FieldSpec {
    /// Whether `c` has this field: a user need is what the estate serves, with no
    /// support status of its own.
    pub fn applies_to(&self, c: &Component) -> bool {
        // A submap is a component whose URL names another map.
        if self.key == "submap" {
            return c.url.is_some();
        }
        let need = c.kind == Kind::UserNeed;
        if USER_NEED_ONLY.contains(&self.key) {
            need
        } else {
            !(need && NOT_FOR_USER_NEEDS.contains(&self.key))
        }
    }

    /// Whether the field may be left unset (empty text clears it).
    pub fn optional(&self, c: &Component) -> bool {
        (self.parse)(&mut c.clone(), "").is_ok()
    }

    /// The inspector's label: the label with how to type it, "End of support (YYYY-MM-DD)".
    pub fn inspector_label(&self) -> String {
        match self.hint {
            Some(hint) => format!("{} ({hint})", self.label),
            None => self.label.to_string(),
        }
    }
}

/// Every component field, in inspector order.
pub static FIELDS: &[FieldSpec] = &[
    FieldSpec {
        key: "name",
        label: "Name",
        hint: None,
        header: "Component",
        editor: Editor::Line,
        section: Section::Identity,
        value: Value::Text,
        on_card: false,
        show: |c| c.name.clone(),
        parse: |c, t| {
            let name = t.trim();
            if name.is_empty() {
                return Err("A name cannot be empty: type at least one letter".into());
            }
            c.name = name.to_string();
            Ok(())
        },
        choices: none,
    },
    FieldSpec {
        key: "kind",
        label: "Kind",
        hint: None,
        header: "Kind",
        editor: Editor::Choice,
        section: Section::Identity,
        value: Value::Text,
        on_card: false,
        show: |c| c.kind.label().into(),
        parse: |c, t| {
            c.kind = pick(t, &Kind::ALL, Kind::label, "kind")?.ok_or("A kind is needed")?;
            Ok(())
        },
        choices: || Kind::ALL.map(Kind::label).to_vec(),
    },
    FieldSpec {
        key: "status",
        label: "Support status",
        hint: None,
        header: "Status",
        editor: Editor::Choice,
        section: Section::Identity,
        value: Value::Text,
        on_card: false,
        show: |c| c.status.label().into(),
        parse: |c, t| {
            let all = &SupportStatus::ALL;
            c.status = pick(t, all, SupportStatus::label, "support status")?
                .ok_or("A support status is needed")?;
            Ok(())
        },
        choices: || SupportStatus::ALL.map(SupportStatus::label).to_vec(),
    },
    FieldSpec {
        key: "owner",
        label: "Owner",
        hint: None,
        header: "Owner",
        editor: Editor::Line,
        section: Section::Support,
        value: Value::Text,
        on_card: true,
        show: |c| text(&c.owner),
        parse: |c, t| {
            c.owner = cleaned(t);
            Ok(())
        },
        choices: none,
    },
    FieldSpec {
        key: "supplier",
        label: "Supplier",
        hint: None,
        header: "Supplier",
        editor: Editor::Line,
        section: Section::Support,
        value: Value::Text,
        on_card: true,
        show: |c| text(&c.supplier),
        parse: |c, t| {
            c.supplier = cleaned(t);
            Ok(())
        },
        choices: none,
    },
    FieldSpec {
        key: "end_of_support",
        label: "End of support",
        hint: Some("YYYY-MM-DD"),
        header: "End of support",
        editor: Editor::Line,
        section: Section::Support,
        value: Value::Date,
        on_card: true,
        show: |c| date_text(c.end_of_support),
        parse: |c, t| {
            c.end_of_support = parse_date(t)?;
            Ok(())
        },
        choices: none,
    },
    FieldSpec {
        key: "contract_end",
        label: "Contract end",
        hint: Some("YYYY-MM-DD"),
        header: "Contract end",
        editor: Editor::Line,
        section: Section::Support,
        value: Value::Date,
        on_card: true,
        show: |c| date_text(c.contract_end),
        parse: |c, t| {
            c.contract_end = parse_date(t)?;
            Ok(())
        },
        choices: none,
    },
    FieldSpec {
        key: "break_clause",
        label: "Break clause",
        hint: None,
        header: "Break clause",
        editor: Editor::Line,
        section: Section::Support,
        value: Value::Text,
        on_card: false,
        show: |c| text(&c.break_clause),
        parse: |c, t| {
            c.break_clause = cleaned(t);
            Ok(())
        },
        choices: none,
    },
    FieldSpec {
        key: "annual_cost_gbp",
        label: "Annual cost",
        hint: Some("\u{a3}"),
        header: "Annual cost (GBP)",
        editor: Editor::Line,
        section: Section::Support,
        value: Value::Money,
        on_card: true,
        show: |c| c.annual_cost_gbp.map(|v| v.to_string()).unwrap_or_default(),
        parse: |c, t| {
            c.annual_cost_gbp = parse_cost(t)?;
            Ok(())
        },
        choices: none,
    },
    FieldSpec {
        key: "sourcing",
        label: "Sourcing",
        hint: None,
        header: "Sourcing",
        editor: Editor::Choice,
        section: Section::Shape,
        value: Value::Text,
        on_card: false,
        show: |c| c.sourcing.map(Sourcing::label).unwrap_or_default().into(),
        parse: |c, t| {
            c.sourcing = pick(t, &Sourcing::ALL, Sourcing::label, "sourcing")?;
            Ok(())
        },
        choices: || Sourcing::ALL.map(Sourcing::label).to_vec(),
    },
    FieldSpec {
        key: "hosting",
        label: "Hosting",
        hint: None,
        header: "Hosting",
        editor: Editor::Choice,
        section: Section::Shape,
        value: Value::Text,
        on_card: false,
        show: |c| c.hosting.map(Hosting::label).unwrap_or_default().into(),
        parse: |c, t| {
            c.hosting = pick(t, &Hosting::ALL, Hosting::label, "hosting")?;
            Ok(())
        },
        choices: || Hosting::ALL.map(Hosting::label).to_vec(),
    },
    FieldSpec {
        key: "inertia",
        label: "Inertia (resists change)",
        hint: None,
        header: "Inertia",
        editor: Editor::Check,
        section: Section::Shape,
        value: Value::Flag,
        on_card: false,
        show: |c| flag(c.inertia),
        parse: |c, t| {
            c.inertia = parse_flag(t)?;
            Ok(())
        },
        choices: none,
    },
    FieldSpec {
        key: "pipeline",
        label: "Pipeline",
        hint: None,
        header: "Pipeline",
        editor: Editor::Check,
        section: Section::Shape,
        value: Value::Flag,
        on_card: false,
        show: |c| flag(c.pipeline.is_some()),
        parse: |c, t| {
            // Turning it off and on again keeps nothing: the span is the variants'.
            c.pipeline = parse_flag(t)?.then(|| c.pipeline.clone().unwrap_or_default());
            Ok(())
        },
        choices: none,
    },
    FieldSpec {
        key: "market",
        label: "Market or ecosystem",
        hint: None,
        header: "Market",
        editor: Editor::Choice,
        section: Section::Shape,
        value: Value::Text,
        on_card: false,
        show: |c| c.market.map(Market::label).unwrap_or_default().into(),
        parse: |c, t| {
            c.market = pick(t, &Market::ALL, Market::label, "market or ecosystem")?;
            Ok(())
        },
        choices: || Market::ALL.map(Market::label).to_vec(),
    },
    FieldSpec {
        key: "url",
        label: "URL",
        hint: Some("a web address or a map file"),
        header: "URL",
        editor: Editor::Line,
        section: Section::Shape,
        value: Value::Text,
        on_card: false,
        show: |c| text(&c.url),
        parse: |c, t| {
            c.url = cleaned(t);
            Ok(())
        },
        choices: none,
    },
    FieldSpec {
        key: "submap",
        label: "Submap",
        hint: None,
        header: "Submap",
        editor: Editor::Check,
        section: Section::Shape,
        value: Value::Flag,
        on_card: false,
        show: |c| flag(c.submap),
        parse: |c, t| {
            c.submap = parse_flag(t)?;
            Ok(())
        },
        choices: none,
    },
    FieldSpec {
        key: "clinical_risk.likelihood",
        label: "Likelihood",
        hint: None,
        header: "Likelihood",
        editor: Editor::Choice,
        section: Section::Clinical,
        value: Value::Text,
        on_card: false,
        show: |c| {
            risk(c)
                .likelihood
                .map(Likelihood::label)
                .unwrap_or_default()
                .into()
        },
        parse: |c, t| {
            let l = pick(t, &Likelihood::ALL, Likelihood::label, "likelihood")?;
            set_risk(c, |r| r.likelihood = l);
            Ok(())
        },
        choices: || Likelihood::ALL.map(Likelihood::label).to_vec(),
    },
    FieldSpec {
        key: "clinical_risk.consequence",
        label: "Consequence",
        hint: None,
        header: "Consequence",
        editor: Editor::Choice,
        section: Section::Clinical,
        value: Value::Text,
        on_card: false,
        show: |c| {
            risk(c)
                .consequence
                .map(Consequence::label)
                .unwrap_or_default()
                .into()
        },
        parse: |c, t| {
            let q = pick(t, &Consequence::ALL, Consequence::label, "consequence")?;
            set_risk(c, |r| r.consequence = q);
            Ok(())
        },
        choices: || Consequence::ALL.map(Consequence::label).to_vec(),
    },
    FieldSpec {
        key: "tags",
        label: "Tags",
        hint: Some("comma separated"),
        header: "Tags",
        editor: Editor::Line,
        section: Section::Plan,
        value: Value::List,
        on_card: true,
        show: |c| c.tags.join(", "),
        parse: |c, t| {
            let mut tags: Vec<String> = Vec::new();
            for tag in t.split(',').map(str::trim).filter(|t| !t.is_empty()) {
                if !tags.iter().any(|known| known == tag) {
                    tags.push(tag.to_string());
                }
            }
            c.tags = tags;
            Ok(())
        },
        choices: none,
    },
    FieldSpec {
        key: "evolve.evolution",
        label: "Evolve to",
        hint: Some("0-1"),
        header: "Evolve to",
        editor: Editor::Line,
        section: Section::Plan,
        value: Value::Fraction,
        on_card: false,
        show: |c| {
            evolve(c)
                .evolution
                .map(|e| e.to_string())
                .unwrap_or_default()
        },
        parse: |c, t| {
            let target = parse_fraction(t)?;
            set_evolve(c, |e| e.evolution = target);
            Ok(())
        },
        choices: none,
    },
    FieldSpec {
        key: "evolve.planned",
        label: "Planned",
        hint: Some("YYYY-MM-DD"),
        header: "Planned",
        editor: Editor::Line,
        section: Section::Plan,
        value: Value::Date,
        on_card: false,
        show: |c| date_text(evolve(c).planned),
        parse: |c, t| {
            let planned = parse_date(t)?;
            set_evolve(c, |e| e.planned = planned);
            Ok(())
        },
        choices: none,
    },
    FieldSpec {
        key: "evolve.replaced_by",
        label: "Replaced by",
        hint: None,
        header: "Replaced by",
        editor: Editor::Component,
        section: Section::Plan,
        value: Value::Reference,
        on_card: false,
        show: |c| {
            let by = evolve(c).replaced_by;
            by.map(|id| id.as_str().to_string()).unwrap_or_default()
        },
        parse: |c, t| {
            let t = t.trim();
            let by = (!t.is_empty()).then(|| ComponentId::new(t));
            set_evolve(c, |e| e.replaced_by = by);
            Ok(())
        },
        choices: none,
    },
    FieldSpec {
        key: "description",
        label: "Description",
        hint: None,
        header: "Description",
        editor: Editor::Lines,
        section: Section::Notes,
        value: Value::Text,
        on_card: false,
        show: |c| text(&c.description),
        parse: |c, t| {
            c.description = cleaned(t);
            Ok(())
        },
        choices: none,
    },
    FieldSpec {
        key: "patients_per_day",
        label: "Patients a day",
        hint: None,
        header: "Patients a day",
        editor: Editor::Line,
        section: Section::Money,
        value: Value::Number,
        on_card: false,
        show: |c| number(c.patients_per_day),
        parse: |c, t| {
            c.patients_per_day = parse_amount(t, "a number of patients, e.g. 140")?;
            Ok(())
        },
        choices: none,
    },
    FieldSpec {
        key: "outage_cost_gbp_per_day",
        label: "Outage cost a day",
        hint: Some("\u{a3}"),
        header: "Outage cost a day (GBP)",
        editor: Editor::Line,
        section: Section::Money,
        value: Value::Money,
        on_card: false,
        show: |c| number(c.outage_cost_gbp_per_day),
        parse: |c, t| {
            c.outage_cost_gbp_per_day = parse_amount(t, "an amount of pounds, e.g. 25000")?;
            Ok(())
        },
        choices: none,
    },
    FieldSpec {
        key: "harm_if_lost",
        label: "Harm if lost",
        hint: None,
        header: "Harm if lost",
        editor: Editor::Choice,
        section: Section::Money,
        value: Value::Text,
        on_card: false,
        show: |c| {
            c.harm_if_lost
                .map(Consequence::label)
                .unwrap_or_default()
                .into()
        },
        parse: |c, t| {
            c.harm_if_lost = pick(t, &Consequence::ALL, Consequence::label, "consequence")?;
            Ok(())
        },
        choices: || Consequence::ALL.map(Consequence::label).to_vec(),
    },
    FieldSpec {
        key: "failures_per_year",
        label: "Failures a year, low / likely / high",
        hint: Some("empty: map default"),
        header: "Failures a year",
        editor: Editor::Line,
        section: Section::Money,
        value: Value::Range,
        on_card: false,
        show: |c| {
            c.failures_per_year
                .map(|r| format!("{} / {} / {}", r.low, r.likely, r.high))
                .unwrap_or_default()
        },
        parse: |c, t| {
            c.failures_per_year = parse_range(t)?;
            Ok(())
        },
        choices: none,
    },
    FieldSpec {
        key: "decision",
        label: "Decision",
        hint: None,
        header: "Decision",
        editor: Editor::Choice,
        section: Section::Money,
        value: Value::Text,
        on_card: false,
        show: |c| {
            c.decision
                .map(RiskDecision::label)
                .unwrap_or_default()
                .into()
        },
        parse: |c, t| {
            c.decision = pick(t, &RiskDecision::ALL, RiskDecision::label, "decision")?;
            Ok(())
        },
        choices: || RiskDecision::ALL.map(RiskDecision::label).to_vec(),
    },
    FieldSpec {
        key: "decision_owner",
        label: "Decision owner",
        hint: None,
        header: "Decision owner",
        editor: Editor::Line,
        section: Section::Money,
        value: Value::Text,
        on_card: false,
        show: |c| text(&c.decision_owner),
        parse: |c, t| {
            c.decision_owner = cleaned(t);
            Ok(())
        },
        choices: none,
    },
    FieldSpec {
        key: "review_date",
        label: "Review date",
        hint: Some("YYYY-MM-DD"),
        header: "Review date",
        editor: Editor::Line,
        section: Section::Money,
        value: Value::Date,
        on_card: false,
        show: |c| date_text(c.review_date),
        parse: |c, t| {
            c.review_date = parse_date(t)?;
            Ok(())
        },
        choices: none,
    },
];

/// A user need's service facts: what losing the service costs.
const USER_NEED_ONLY: [&str; 3] = [
    "patients_per_day",
    "outage_cost_gbp_per_day",
    "harm_if_lost",
];
/// A system's support and risk decision; a user need has none of its own.
const NOT_FOR_USER_NEEDS: [&str; 5] = [
    "status",
    "failures_per_year",
    "decision",
    "decision_owner",
    "review_date",
];

/// The field with file key `key`.
pub fn field(key: &str) -> Option<&'static FieldSpec> {
    FIELDS.iter().find(|f| f.key == key)
}

/// The fields of one inspector section, in order.
pub fn fields_in(section: Section) -> impl Iterator<Item = &'static FieldSpec> {
    FIELDS.iter().filter(move |f| f.section == section)
}

fn none() -> Vec<&'static str> {
    Vec::new()
}

fn text(value: &Option<String>) -> String {
    value.clone().unwrap_or_default()
}

fn flag(on: bool) -> String {
    if on { "yes" } else { "" }.into()
}

/// Yes or no (empty is no).
fn parse_flag(text: &str) -> Result<bool, String> {
    match text.trim().to_lowercase().as_str() {
        "yes" | "true" | "y" | "1" => Ok(true),
        "" | "no" | "false" | "n" | "0" => Ok(false),
        other => Err(format!("\u{201C}{other}\u{201D} is not yes or no")),
    }
}

fn number(value: Option<f64>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

/// "0.5" (exact) or "0.25 / 0.5 / 1" (low / likely / high, in that order); empty
/// clears the override.
pub fn parse_range(text: &str) -> Result<Option<Range3>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let explain = || {
        format!(
            "\u{201C}{text}\u{201D} is not a range: write one number (e.g. 0.5) or low / likely / \
             high in that order (e.g. 0.25 / 0.5 / 1)"
        )
    };
    let values: Vec<f64> = text
        .split('/')
        .map(|part| part.trim().parse::<f64>())
        .collect::<Result<_, _>>()
        .map_err(|_| explain())?;
    let range = match values[..] {
        [v] => Range3::exact(v),
        [low, likely, high] => Range3::new(low, likely, high),
        _ => return Err(explain()),
    };
    let ordered = 0.0 <= range.low && range.low <= range.likely && range.likely <= range.high;
    if !(ordered && range.high.is_finite()) {
        return Err(explain());
    }
    Ok(Some(range))
}

fn cleaned(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_string())
}

fn date_text(value: Option<NaiveDate>) -> String {
    value.map(|d| d.to_string()).unwrap_or_default()
}

fn risk(c: &Component) -> ClinicalRisk {
    c.clinical_risk.unwrap_or_default()
}

fn set_risk(c: &mut Component, update: impl FnOnce(&mut ClinicalRisk)) {
    let mut risk = risk(c);
    update(&mut risk);
    c.clinical_risk = (risk != ClinicalRisk::default()).then_some(risk);
}

fn evolve(c: &Component) -> Evolve {
    c.evolve.clone().unwrap_or_default()
}

fn set_evolve(c: &mut Component, update: impl FnOnce(&mut Evolve)) {
    let mut evolve = c.evolve.take().unwrap_or_default();
    update(&mut evolve);
    c.evolve = (evolve != Evolve::default()).then_some(evolve);
}

/// One of `all` by its label (any case); empty is none.
fn pick<T: Copy>(
    text: &str,
    all: &[T],
    label: fn(T) -> &'static str,
    what: &str,
) -> Result<Option<T>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    match all.iter().find(|v| label(**v).eq_ignore_ascii_case(text)) {
        Some(v) => Ok(Some(*v)),
        None => {
            let known: Vec<_> = all.iter().map(|v| label(*v)).collect();
            Err(format!(
                "\u{201C}{text}\u{201D} is not a {what}: use one of {}",
                known.join(", ")
            ))
        }
    }
}

/// Empty clears the date.
pub fn parse_date(text: &str) -> Result<Option<NaiveDate>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| format!("\u{201C}{text}\u{201D} is not a date: write it as 2027-03-31"))
}

/// Accepts "12,500", "£12500" and "12500.50"; empty clears the cost.
pub fn parse_cost(text: &str) -> Result<Option<f64>, String> {
    parse_amount(text, "an amount of pounds").map_err(|_| {
        format!(
            "\u{201C}{}\u{201D} is not an amount of pounds: write e.g. 12500",
            text.trim()
        )
    })
}

/// A number of zero or more, "£", thousands separators and spaces allowed ("12,500",
/// "£12500", "140"); empty clears the value. `what` names it in the error.
pub fn parse_amount(text: &str, what: &str) -> Result<Option<f64>, String> {
    let cleaned: String = text
        .trim()
        .chars()
        .filter(|c| !matches!(c, '\u{a3}' | ',' | ' '))
        .collect();
    if cleaned.is_empty() {
        return Ok(None);
    }
    match cleaned.parse::<f64>() {
        Ok(v) if v.is_finite() && v >= 0.0 => Ok(Some(v)),
        _ => Err(format!(
            "\u{201C}{}\u{201D} is not {what}, zero or more",
            text.trim()
        )),
    }
}

fn parse_fraction(text: &str) -> Result<Option<f64>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    match text.parse::<f64>() {
        Ok(v) if (0.0..=1.0).contains(&v) => Ok(Some(v)),
        _ => Err(format!(
            "\u{201C}{text}\u{201D} is not an evolution: write a number from 0 (genesis) to 1 (commodity)"
        )),
    }
}

/// What a spreadsheet cell says, rewritten into the text the field's own `parse` reads:
/// lifecycle and hosting synonyms ("Live", "EOL", "On-prem", "SaaS"), UK and Excel
/// serial dates, "£1.2k" costs. Other fields and unrecognised words pass through, so the
/// field's parser still has the last word and its message. See `docs/import.md`.
pub fn loose_text(key: &str, text: &str) -> Result<String, String> {
    let text = text.trim();
    let folded: String = text
        .to_lowercase()
        .chars()
        .map(|c| if c == '-' || c == '_' { ' ' } else { c })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let field = field(key).map(|f| f.value);
    let known = match key {
        "status" => status_synonym(&folded).map(SupportStatus::label),
        "hosting" => hosting_synonym(&folded).map(Hosting::label),
        _ => None,
    };
    if let Some(label) = known {
        return Ok(label.to_string());
    }
    match field {
        Some(Value::Date) if !text.is_empty() => parse_date_loose(text)
            .map(|d| d.to_string())
            .ok_or_else(|| {
                format!(
                    "\u{201C}{text}\u{201D} is not a date: write it as 31/03/2027 or 2027-03-31"
                )
            }),
        Some(Value::Money) => {
            parse_cost_loose(text).map(|v| v.map(|v| v.to_string()).unwrap_or_default())
        }
        _ => Ok(text.to_string()),
    }
}

/// Lifecycle words of asset registers; blank is unknown.
fn status_synonym(folded: &str) -> Option<SupportStatus> {
    Some(match folded {
        "" | "unknown" | "tbc" | "tbd" | "n/a" | "na" | "not known" | "?" => SupportStatus::Unknown,
        "supported" | "live" | "in support" | "current" | "active" | "in service" | "in use"
        | "production" | "fully supported" | "mainstream support" | "mainstream" => {
            SupportStatus::Supported
        }
        "extended support"
        | "extended"
        | "in extended support"
        | "limited support"
        | "sustaining support" => SupportStatus::ExtendedSupport,
        "unsupported" | "end of life" | "eol" | "out of support" | "end of support" | "eos"
        | "not supported" | "no support" | "obsolete" | "legacy unsupported" => {
            SupportStatus::Unsupported
        }
        "shadow it" | "shadow" | "unmanaged" => SupportStatus::ShadowIt,
        _ => return None,
    })
}

/// Hosting words of asset registers. SaaS counts as cloud; a supplier's data centre
/// or a managed service as third party.
fn hosting_synonym(folded: &str) -> Option<Hosting> {
    Some(match folded {
        "on premises" | "on premise" | "on prem" | "onprem" | "on site" | "onsite" | "in house"
        | "local" | "data centre" | "datacentre" | "data center" | "trust data centre"
        | "internal" => Hosting::OnPremises,
        "cloud" | "saas" | "paas" | "iaas" | "public cloud" | "private cloud" | "azure" | "aws"
        | "gcp" | "hosted cloud" => Hosting::Cloud,
        "third party" | "3rd party" | "supplier hosted" | "vendor hosted" | "hosted"
        | "managed service" | "external" | "colocation" | "hosted by supplier" => {
            Hosting::ThirdParty
        }
        _ => return None,
    })
}

/// ISO dates (with or without a time), UK day-first dates ("31/03/2025", "31-03-2025",
/// "31.03.2025", two-digit years as 20yy), "31-Mar-2025", "31 March 2025", and Excel
/// serial day numbers ("45747", 1900 date system).
pub fn parse_date_loose(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    let date_part = text.split(['T', ' ']).next().unwrap_or(text);
    if let Ok(d) = NaiveDate::parse_from_str(date_part, "%Y-%m-%d") {
        return Some(d);
    }
    if let Ok(serial) = text.parse::<f64>() {
        return excel_serial_date(serial);
    }
    let spaced = text.replace([',', '-', '/', '.'], " ");
    let parts: Vec<&str> = spaced.split_whitespace().collect();
    let [day, month, year] = parts.as_slice() else {
        return None;
    };
    let day: u32 = day.parse().ok()?;
    let month = month.parse::<u32>().ok().or_else(|| month_number(month))?;
    let year: i32 = match year.parse::<i32>().ok()? {
        y if year.len() == 2 => 2000 + y,
        y if year.len() == 4 => y,
        _ => return None,
    };
    NaiveDate::from_ymd_opt(year, month, day)
}

/// Excel's day number in the 1900 date system (45747 is 2025-03-31); a time of day is
/// ignored. Only 10000 (1927) to 109574 (2199) count: a smaller number in a date column
/// is more likely a year or a typo than a date.
pub fn excel_serial_date(serial: f64) -> Option<NaiveDate> {
    if !(10_000.0..109_575.0).contains(&serial) {
        return None;
    }
    // Excel counts a 29 February 1900 that never was, so day 0 falls on 1899-12-30.
    let start = NaiveDate::from_ymd_opt(1899, 12, 30)?;
    start.checked_add_signed(chrono::Duration::days(serial.floor() as i64))
}

fn month_number(name: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let name = name.to_lowercase();
    let full = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let at = |list: &[&str]| list.iter().position(|m| *m == name);
    let index = at(&MONTHS)
        .or_else(|| at(&full))
        .or_else(|| (name == "sept").then_some(8))?;
    Some(index as u32 + 1)
}

/// `parse_cost`, also reading "GBP" and a "k" (thousands) or "m" (millions) suffix:
/// "£1.2k" is 1200, "£1.5m" 1,500,000.
pub fn parse_cost_loose(text: &str) -> Result<Option<f64>, String> {
    let trimmed = text.trim();
    let plain = trimmed
        .trim_start_matches("GBP")
        .trim_end_matches("GBP")
        .trim();
    let lower = plain.to_lowercase();
    let (number, scale) = if let Some(n) = lower.strip_suffix('k') {
        (n, 1e3)
    } else if let Some(n) = lower.strip_suffix('m') {
        (n, 1e6)
    } else {
        (lower.as_str(), 1.0)
    };
    match parse_cost(number) {
        Ok(v) => Ok(v.map(|v| (v * scale * 100.0).round() / 100.0)),
        Err(_) => parse_cost(trimmed),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A component with every field set to something other than its default.
    fn full() -> Component {
        let mut c = Component::new(ComponentId::new("c1"), "EPR", 0.7, 0.4);
        for spec in FIELDS {
            let text = match spec.key {
                "name" => "Cerner Millennium",
                "kind" => "Activity",
                "status" => "Unsupported",
                "end_of_support" => "2026-03-31",
                "contract_end" => "2027-09-30",
                "annual_cost_gbp" => "12500.5",
                "sourcing" => "Outsource",
                "hosting" => "Cloud",
                "inertia" | "pipeline" | "submap" => "yes",
                "market" => "Ecosystem",
                "url" => "stroke.json",
                "clinical_risk.likelihood" => "High",
                "clinical_risk.consequence" => "Major",
                "tags" => "pathology, legacy",
                "evolve.evolution" => "0.8",
                "evolve.planned" => "2028-01-01",
                "evolve.replaced_by" => "c9",
                "patients_per_day" => "140",
                "outage_cost_gbp_per_day" => "25,000",
                "harm_if_lost" => "Catastrophic",
                "failures_per_year" => "0.25 / 0.5 / 1",
                "decision" => "Mitigate",
                "review_date" => "2027-06-30",
                _ => "Something typed",
            };
            (spec.parse)(&mut c, text).unwrap_or_else(|e| panic!("{}: {e}", spec.key));
        }
        c
    }

    #[test]
    fn every_field_reads_back_what_it_shows() {
        let c = full();
        for spec in FIELDS {
            let shown = (spec.show)(&c);
            assert!(!shown.is_empty(), "{} shows nothing", spec.key);
            let mut copy = Component::new(ComponentId::new("c1"), "x", 0.5, 0.5);
            (spec.parse)(&mut copy, &shown).unwrap();
            assert_eq!((spec.show)(&copy), shown, "{}", spec.key);
        }
        // Read back field by field, the copy is the component.
        let mut copy = Component::new(ComponentId::new("c1"), "x", 0.7, 0.4);
        for spec in FIELDS {
            (spec.parse)(&mut copy, &(spec.show)(&c)).unwrap();
        }
        assert_eq!(copy, c);
        assert_eq!(c.annual_cost_gbp, Some(12500.5));
        assert_eq!(c.tags, ["pathology", "legacy"]);
        assert_eq!(
            c.clinical_risk.unwrap().consequence,
            Some(Consequence::Major)
        );
    }

    #[test]
    fn empty_text_clears_optional_fields_and_bad_text_says_why() {
        let mut c = full();
        for spec in FIELDS
            .iter()
            .filter(|f| !["name", "kind", "status"].contains(&f.key))
        {
            (spec.parse)(&mut c, " ").unwrap();
            assert_eq!((spec.show)(&c), "", "{} not cleared", spec.key);
        }
        assert_eq!(c.clinical_risk, None);
        assert_eq!(c.evolve, None);
        let refusals = [
            ("name", " ", "cannot be empty"),
            ("end_of_support", "31/03/2027", "2027-03-31"),
            ("annual_cost_gbp", "-3", "not an amount"),
            ("evolve.evolution", "1.5", "from 0 (genesis)"),
            ("status", "Retired", "Supported, Extended support"),
            ("inertia", "maybe", "yes or no"),
            (
                "failures_per_year",
                "1 / 0.5 / 2",
                "low / likely / high in that order",
            ),
            ("patients_per_day", "-5", "zero or more"),
            ("decision", "Ignore", "Replace, Mitigate, Accept"),
        ];
        for (key, text, says) in refusals {
            let error = (field(key).unwrap().parse)(&mut c, text).unwrap_err();
            assert!(error.contains(says), "{key}: {error}");
        }
        // Friendly input is accepted.
        (field("annual_cost_gbp").unwrap().parse)(&mut c, "\u{a3}12,500").unwrap();
        assert_eq!(c.annual_cost_gbp, Some(12500.0));
    }

    #[test]
    fn keys_labels_and_headers_are_unique_and_keys_are_file_keys() {
        for (i, a) in FIELDS.iter().enumerate() {
            for b in &FIELDS[i + 1..] {
                assert_ne!(a.key, b.key);
                assert_ne!(a.label, b.label);
                assert_ne!(a.header, b.header);
            }
        }
        let json = serde_json::to_value(full()).unwrap();
        for spec in FIELDS {
            let found = spec.key.split('.').try_fold(&json, |v, part| v.get(part));
            assert!(found.is_some(), "{} is not a key of the file", spec.key);
        }
    }
}
