//! Property tests: round trips of generated maps, and no panic on any input.

use estate_map::model::{
    ClinicalRisk, Component, ComponentId, Consequence, Hosting, Kind, Likelihood, Link, Map, Note,
    NoteId, Sourcing, SupportStatus, from_json_bytes, to_json_bytes,
};
use proptest::prelude::*;
use serde_json::Value;

fn unit() -> impl Strategy<Value = f64> {
    prop_oneof![Just(0.0), Just(1.0), 0.0..=1.0f64]
}

fn text() -> impl Strategy<Value = String> {
    "\\PC{1,20}".prop_filter("names are not blank", |s| !s.trim().is_empty())
}

fn component() -> impl Strategy<Value = Component> {
    (
        (text(), unit(), unit(), 0..3usize, 0..5usize),
        (
            proptest::option::of(text()),
            proptest::option::of(0..4usize),
            proptest::option::of((0..5usize, 0..5usize)),
            proptest::collection::vec(text(), 0..3),
            proptest::option::of(0u32..2_000_000),
            any::<bool>(),
        ),
    )
        .prop_map(
            |((name, v, e, kind, status), (supplier, src, risk, tags, cost, inertia))| {
                let mut c = Component::new(ComponentId::new("x"), name, v, e)
                    .with_kind(Kind::ALL[kind])
                    .with_status(SupportStatus::ALL[status]);
                c.supplier = supplier;
                c.sourcing = src.and_then(|i| Sourcing::ALL.get(i).copied());
                c.hosting = src.and_then(|i| Hosting::ALL.get(i).copied());
                c.clinical_risk = risk.map(|(l, q)| ClinicalRisk {
                    likelihood: Some(Likelihood::ALL[l]),
                    consequence: Some(Consequence::ALL[q]),
                });
                c.tags = tags;
                c.annual_cost_gbp = cost.map(f64::from);
                c.end_of_support =
                    chrono::NaiveDate::from_ymd_opt(2020 + (cost.unwrap_or(0) % 10) as i32, 1, 31);
                c.inertia = inertia;
                c
            },
        )
}

prop_compose! {
    fn map()(title in text(),
             components in proptest::collection::vec(component(), 0..30),
             link_picks in proptest::collection::vec((any::<usize>(), any::<usize>(), proptest::option::of(text())), 0..40),
             notes in proptest::collection::vec((text(), unit(), unit()), 0..4)) -> Map {
        let mut map = Map::new(title);
        for mut c in components {
            c.id = map.allocate_component_id();
            map.components.push(c);
        }
        let n = map.components.len();
        for (a, b, label) in link_picks {
            if n < 2 { break; }
            let (from, to) = (map.components[a % n].id.clone(), map.components[b % n].id.clone());
            if from != to && !map.has_link(&from, &to) {
                let mut link = Link::new(from, to);
                link.label = label;
                map.links.push(link);
            }
        }
        for (text, v, e) in notes {
            let id: NoteId = map.allocate_note_id();
            map.notes.push(Note { id, text, visibility: v, evolution: e, extra: Default::default() });
        }
        map
    }
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        prop_oneof![
            Just("estate-map".to_string()),
            Just("supported".to_string()),
            Just("c1".to_string()),
            ".*"
        ]
        .prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        let keys = prop_oneof![
            Just("format".to_string()),
            Just("version".to_string()),
            Just("components".to_string()),
            Just("links".to_string()),
            Just("id".to_string()),
            Just("name".to_string()),
            Just("visibility".to_string()),
            Just("from".to_string()),
            Just("settings".to_string()),
            "[a-z_]{1,8}"
        ];
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            proptest::collection::btree_map(keys, inner, 0..8)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #[test]
    fn generated_maps_round_trip_byte_identically(map in map()) {
        let bytes = to_json_bytes(&map);
        let loaded = from_json_bytes(&bytes).unwrap();
        prop_assert_eq!(&loaded, &map);
        prop_assert_eq!(to_json_bytes(&loaded), bytes);
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = from_json_bytes(&bytes);
    }

    #[test]
    fn arbitrary_json_never_panics(mut value in json_value(), header in any::<bool>()) {
        if header && let Value::Object(o) = &mut value {
            o.insert("format".into(), "estate-map".into());
            o.insert("version".into(), 1.into());
        }
        let bytes = serde_json::to_vec(&value).unwrap();
        let _ = from_json_bytes(&bytes);
    }
}
