//! Each command, its validation, and undo/redo returning the map exactly as it was.

use super::*;
use crate::model::{
    Component, ComponentId, Consequence, Hosting, Kind, Likelihood, Link, Map, SupportStatus,
};
use chrono::NaiveDate;

/// A, B, C with A -> B and B -> C.
fn chain() -> (Map, Vec<ComponentId>) {
    let mut map = Map::new("t");
    let ids: Vec<ComponentId> = (0..3).map(|_| map.allocate_component_id()).collect();
    for (i, id) in ids.iter().enumerate() {
        let name = ["A", "B", "C"][i];
        map.components
            .push(Component::new(id.clone(), name, 0.8 - 0.3 * i as f64, 0.5));
    }
    map.links.push(Link::new(ids[0].clone(), ids[1].clone()));
    map.links.push(Link::new(ids[1].clone(), ids[2].clone()));
    (map, ids)
}

/// Applies `command`, checks undo restores the original and redo the edited map.
fn round_trip(map: &mut Map, command: Command) -> (Outcome, Map) {
    let mut before = map.clone();
    let mut history = History::new();
    let outcome = history.apply(map, command).expect("command applies");
    // Ids handed out are never reused, so the counter alone stays ahead after undo.
    before.next_id = map.next_id;
    let after = map.clone();
    assert_ne!(after, before, "command changed nothing");
    assert!(history.undo(map).is_some());
    assert_eq!(*map, before, "undo did not restore the map");
    assert!(history.redo(map).is_some());
    assert_eq!(*map, after, "redo did not repeat the edit");
    (outcome, after)
}

#[test]
fn add_component_and_user_need() {
    let (mut map, _) = chain();
    let (outcome, after) = round_trip(
        &mut map,
        Command::AddComponent {
            name: "  Bed state spreadsheet ".into(),
            kind: Kind::System,
            at: Position::new(0.4, 0.1),
        },
    );
    let new = after.component(&outcome.created_components[0]).unwrap();
    assert_eq!(new.name, "Bed state spreadsheet");
    assert_eq!((new.visibility, new.evolution), (0.4, 0.1));
    let (outcome, after) = round_trip(
        &mut map,
        Command::AddComponent {
            name: "Patient".into(),
            kind: Kind::UserNeed,
            at: Position::new(0.95, 0.5),
        },
    );
    assert_eq!(
        after
            .component(&outcome.created_components[0])
            .unwrap()
            .kind,
        Kind::UserNeed
    );
}

#[test]
fn add_refuses_empty_name_and_off_map_position() {
    let (mut map, _) = chain();
    let mut history = History::new();
    let empty = Command::AddComponent {
        name: "   ".into(),
        kind: Kind::System,
        at: Position::new(0.5, 0.5),
    };
    assert_eq!(history.apply(&mut map, empty), Err(EditError::EmptyName));
    let off = Command::AddComponent {
        name: "X".into(),
        kind: Kind::System,
        at: Position::new(1.5, 0.5),
    };
    assert!(matches!(
        history.apply(&mut map, off),
        Err(EditError::OutOfRange {
            what: "visibility",
            ..
        })
    ));
    assert!(!history.can_undo());
}

#[test]
fn move_many_at_once() {
    let (mut map, ids) = chain();
    let (_, after) = round_trip(
        &mut map,
        Command::Move {
            components: vec![
                (ids[0].clone(), Position::new(0.1, 0.2)),
                (ids[2].clone(), Position::new(0.3, 0.4)),
            ],
            notes: vec![],
        },
    );
    assert_eq!(after.components[0].evolution, 0.2);
    assert_eq!(after.components[2].visibility, 0.3);
    assert_eq!(after.components[1].visibility, map.components[1].visibility);
}

#[test]
fn one_drag_is_one_undo_step() {
    let (mut map, ids) = chain();
    let before = map.clone();
    let mut history = History::new();
    for step in 1..=10 {
        let at = Position::new(0.5, 0.5 + step as f64 * 0.01);
        let command = Command::Move {
            components: vec![(ids[0].clone(), at)],
            notes: vec![],
        };
        history
            .apply_in_gesture(&mut map, command, Coalesce::Drag)
            .unwrap();
    }
    history.end_gesture();
    assert!((map.components[0].evolution - 0.6).abs() < 1e-9);
    history.undo(&mut map);
    assert_eq!(map, before);
    assert!(!history.can_undo());
}

#[test]
fn typing_a_name_is_one_step_and_a_new_gesture_is_another() {
    let (mut map, ids) = chain();
    let mut history = History::new();
    for name in ["E", "EP", "EPR"] {
        let command = Command::Rename {
            id: ids[0].clone(),
            name: name.into(),
        };
        history
            .apply_in_gesture(&mut map, command, Coalesce::Field(ids[0].clone(), "name"))
            .unwrap();
    }
    history.end_gesture();
    let command = Command::Rename {
        id: ids[0].clone(),
        name: "EPR 2".into(),
    };
    history
        .apply_in_gesture(&mut map, command, Coalesce::Field(ids[0].clone(), "name"))
        .unwrap();
    history.undo(&mut map);
    assert_eq!(map.components[0].name, "EPR");
    history.undo(&mut map);
    assert_eq!(map.components[0].name, "A");
}

#[test]
fn rename_refuses_empty_and_unknown() {
    let (mut map, ids) = chain();
    let mut history = History::new();
    let empty = Command::Rename {
        id: ids[0].clone(),
        name: "".into(),
    };
    assert_eq!(history.apply(&mut map, empty), Err(EditError::EmptyName));
    let unknown = Command::Rename {
        id: ComponentId::new("zz"),
        name: "X".into(),
    };
    assert_eq!(
        history.apply(&mut map, unknown),
        Err(EditError::NoSuchComponent("zz".into()))
    );
    let (_, after) = round_trip(
        &mut map,
        Command::Rename {
            id: ids[1].clone(),
            name: "PAS".into(),
        },
    );
    assert_eq!(after.components[1].name, "PAS");
}

#[test]
fn set_status_and_kind_on_many() {
    let (mut map, ids) = chain();
    let (_, after) = round_trip(
        &mut map,
        Command::SetStatus {
            ids: ids[..2].to_vec(),
            status: SupportStatus::ShadowIt,
        },
    );
    assert_eq!(after.components[0].status, SupportStatus::ShadowIt);
    assert_eq!(after.components[1].status, SupportStatus::ShadowIt);
    assert_eq!(after.components[2].status, SupportStatus::Unknown);
    let (_, after) = round_trip(
        &mut map,
        Command::SetKind {
            ids: vec![ids[2].clone()],
            kind: Kind::Activity,
        },
    );
    assert_eq!(after.components[2].kind, Kind::Activity);
    let mut history = History::new();
    let none = Command::SetStatus {
        ids: vec![],
        status: SupportStatus::Supported,
    };
    assert_eq!(
        history.apply(&mut map, none),
        Err(EditError::NothingSelected)
    );
}

#[test]
fn setting_an_unchanged_value_adds_no_step() {
    let (mut map, ids) = chain();
    let mut history = History::new();
    let same = Command::SetStatus {
        ids: vec![ids[0].clone()],
        status: SupportStatus::Unknown,
    };
    history.apply(&mut map, same).unwrap();
    assert!(!history.can_undo());
}

#[test]
fn inspector_fields() {
    let (mut map, ids) = chain();
    let id = ids[0].clone();
    let date = NaiveDate::from_ymd_opt(2025, 3, 31).unwrap();
    let fields = vec![
        Field::Owner(Some(" Stroke team ".into())),
        Field::Supplier(Some("Acme".into())),
        Field::Description(Some("Bed state".into())),
        Field::EndOfSupport(Some(date)),
        Field::ContractEnd(Some(date)),
        Field::BreakClause(Some("6 months".into())),
        Field::AnnualCost(Some(1200.0)),
        Field::Sourcing(Some(crate::model::Sourcing::Buy)),
        Field::Hosting(Some(Hosting::Cloud)),
        Field::Likelihood(Some(Likelihood::High)),
        Field::Consequence(Some(Consequence::Major)),
        Field::Tags(vec![
            "shadow".into(),
            " ".into(),
            "shadow".into(),
            "beds".into(),
        ]),
        Field::Inertia(true),
        Field::EvolveTo(Some(0.8)),
        Field::ReplacedBy(Some(ids[1].clone())),
        Field::Planned(Some(date)),
        Field::Kind(Kind::Activity),
        Field::Status(SupportStatus::Unsupported),
        Field::Name("EPR".into()),
    ];
    for field in fields {
        round_trip(
            &mut map,
            Command::SetField {
                id: id.clone(),
                field,
            },
        );
    }
    let c = &map.components[0];
    assert_eq!(c.owner.as_deref(), Some("Stroke team"));
    assert_eq!(c.tags, vec!["shadow".to_string(), "beds".to_string()]);
    let risk = c.clinical_risk.unwrap();
    assert_eq!(risk.likelihood, Some(Likelihood::High));
    assert_eq!(risk.consequence, Some(Consequence::Major));
    let evolve = c.evolve.as_ref().unwrap();
    assert_eq!(evolve.evolution, Some(0.8));
    assert_eq!(evolve.replaced_by.as_ref(), Some(&ids[1]));
    assert_eq!(c.annual_cost_gbp, Some(1200.0));
    assert!(crate::model::validate(&map).is_empty());
}

#[test]
fn clearing_fields_removes_them() {
    let (mut map, ids) = chain();
    let mut history = History::new();
    let id = ids[0].clone();
    for field in [
        Field::Owner(Some("x".into())),
        Field::Owner(Some("   ".into())),
        Field::Likelihood(Some(Likelihood::Low)),
        Field::Likelihood(None),
    ] {
        let command = Command::SetField {
            id: id.clone(),
            field,
        };
        history.apply(&mut map, command).unwrap();
    }
    assert_eq!(map.components[0].owner, None);
    assert_eq!(map.components[0].clinical_risk, None);
}

#[test]
fn inspector_refuses_bad_values() {
    let (mut map, ids) = chain();
    let mut history = History::new();
    let id = ids[0].clone();
    let cases = [
        (Field::AnnualCost(Some(-5.0)), EditError::BadCost(-5.0)),
        (
            Field::EvolveTo(Some(2.0)),
            EditError::OutOfRange {
                what: "evolve target",
                value: 2.0,
            },
        ),
        (
            Field::ReplacedBy(Some(id.clone())),
            EditError::ReplacedBySelf("A".into()),
        ),
        (
            Field::ReplacedBy(Some(ComponentId::new("nope"))),
            EditError::NoSuchComponent("nope".into()),
        ),
    ];
    for (field, expected) in cases {
        let command = Command::SetField {
            id: id.clone(),
            field,
        };
        assert_eq!(history.apply(&mut map, command), Err(expected));
    }
}

#[test]
fn delete_selection_takes_its_links() {
    let (mut map, ids) = chain();
    let (_, after) = round_trip(
        &mut map,
        Command::Delete {
            components: vec![ids[1].clone()],
            notes: vec![],
        },
    );
    assert_eq!(after.components.len(), 2);
    assert!(after.links.is_empty());
    assert!(crate::model::validate(&after).is_empty());
}

#[test]
fn add_link_refuses_duplicates_and_self_links() {
    let (mut map, ids) = chain();
    let (_, after) = round_trip(
        &mut map,
        Command::AddLink {
            from: ids[0].clone(),
            to: ids[2].clone(),
        },
    );
    assert!(after.has_link(&ids[0], &ids[2]));
    let mut history = History::new();
    let dup = Command::AddLink {
        from: ids[0].clone(),
        to: ids[1].clone(),
    };
    assert_eq!(
        history.apply(&mut map, dup),
        Err(EditError::DuplicateLink {
            from: "A".into(),
            to: "B".into()
        })
    );
    let own = Command::AddLink {
        from: ids[0].clone(),
        to: ids[0].clone(),
    };
    assert_eq!(
        history.apply(&mut map, own),
        Err(EditError::SelfLink("A".into()))
    );
    assert!(
        EditError::SelfLink("A".into())
            .to_string()
            .contains("cannot depend on itself")
    );
}

#[test]
fn label_and_delete_link() {
    let (mut map, ids) = chain();
    let (_, after) = round_trip(
        &mut map,
        Command::LabelLink {
            from: ids[0].clone(),
            to: ids[1].clone(),
            label: Some("nightly batch".into()),
        },
    );
    assert_eq!(after.links[0].label.as_deref(), Some("nightly batch"));
    let (_, after) = round_trip(
        &mut map,
        Command::DeleteLink {
            from: ids[0].clone(),
            to: ids[1].clone(),
        },
    );
    assert_eq!(after.links.len(), 1);
    let mut history = History::new();
    let missing = Command::DeleteLink {
        from: ids[2].clone(),
        to: ids[0].clone(),
    };
    assert_eq!(
        history.apply(&mut map, missing),
        Err(EditError::NoSuchLink {
            from: "C".into(),
            to: "A".into()
        })
    );
}

#[test]
fn paste_gives_fresh_ids_and_keeps_internal_links() {
    let (mut map, ids) = chain();
    let clipboard = Clipboard::copy(&map, &ids[..2]);
    let (outcome, after) = round_trip(
        &mut map,
        Command::Paste {
            clipboard,
            offset: Position::new(-0.05, 0.05),
        },
    );
    assert_eq!(after.components.len(), 5);
    let new = &outcome.created_components;
    assert_eq!(new.len(), 2);
    assert!(new.iter().all(|id| !ids.contains(id)));
    assert!(after.has_link(&new[0], &new[1]));
    assert_eq!(after.links.len(), 3);
    let copy = after.component(&new[0]).unwrap();
    assert!((copy.evolution - 0.55).abs() < 1e-9);
    assert!(crate::model::validate(&after).is_empty());
    let mut history = History::new();
    let empty = Command::Paste {
        clipboard: Clipboard::default(),
        offset: Position::new(0.0, 0.0),
    };
    assert_eq!(
        history.apply(&mut map, empty),
        Err(EditError::NothingToPaste)
    );
}

#[test]
fn notes_add_edit_move_delete() {
    let (mut map, _) = chain();
    let (outcome, _) = round_trip(
        &mut map,
        Command::AddNote {
            text: "Shadow IT kept by clinic admin".into(),
            at: Position::new(0.5, 0.1),
        },
    );
    let id = outcome.created_notes[0].clone();
    let (_, after) = round_trip(
        &mut map,
        Command::EditNote {
            id: id.clone(),
            text: "Kept by admin".into(),
        },
    );
    assert_eq!(after.notes[0].text, "Kept by admin");
    let (_, after) = round_trip(
        &mut map,
        Command::Move {
            components: vec![],
            notes: vec![(id.clone(), Position::new(0.2, 0.2))],
        },
    );
    assert_eq!(after.notes[0].evolution, 0.2);
    let mut history = History::new();
    let empty = Command::EditNote {
        id: id.clone(),
        text: " ".into(),
    };
    assert_eq!(history.apply(&mut map, empty), Err(EditError::EmptyNote));
    round_trip(
        &mut map,
        Command::Delete {
            components: vec![],
            notes: vec![id],
        },
    );
}

#[test]
fn new_edit_clears_redo_and_dirty_tracks_saved_state() {
    let (mut map, ids) = chain();
    let mut history = History::new();
    assert!(!history.is_dirty());
    let rename = |name: &str| Command::Rename {
        id: ids[0].clone(),
        name: name.into(),
    };
    history.apply(&mut map, rename("X")).unwrap();
    assert!(history.is_dirty());
    history.mark_saved();
    assert!(!history.is_dirty());
    history.apply(&mut map, rename("Y")).unwrap();
    assert!(history.is_dirty());
    history.undo(&mut map);
    assert!(!history.is_dirty(), "undo back to the saved state is clean");
    history.undo(&mut map);
    assert!(history.is_dirty());
    history.redo(&mut map);
    assert!(!history.is_dirty());
    history.apply(&mut map, rename("Z")).unwrap();
    assert!(!history.can_redo());
    assert_eq!(history.undo_label(), Some("rename"));
}

#[test]
fn unlimited_history() {
    let (mut map, ids) = chain();
    let before = map.clone();
    let mut history = History::new();
    for i in 0..500 {
        let command = Command::Rename {
            id: ids[0].clone(),
            name: format!("name {i}"),
        };
        history.apply(&mut map, command).unwrap();
    }
    while history.undo(&mut map).is_some() {}
    assert_eq!(map, before);
}

#[test]
fn map_properties_are_one_undoable_step_and_need_a_title() {
    let (mut map, _) = chain();
    let properties = MapProperties {
        title: "Stroke pathway".into(),
        organisation: Some("Northshire ICB".into()),
        author: None,
        description: Some("Workshop, 3 March".into()),
        stage_labels: vec![
            "Novel".into(),
            "Emerging".into(),
            "Good".into(),
            "Best".into(),
        ],
    };
    round_trip(&mut map, Command::SetProperties(properties.clone()));
    assert_eq!(MapProperties::of(&map), properties);
    let blank = MapProperties {
        title: "  ".into(),
        ..properties
    };
    let refused = History::new().apply(&mut map, Command::SetProperties(blank));
    assert_eq!(refused, Err(EditError::EmptyTitle));
}

#[test]
fn risk_settings_edits_are_checked_and_undoable() {
    use crate::model::{RiskMatrix, ScoreWeights};
    let (mut map, _) = chain();
    let (_, after) = round_trip(
        &mut map,
        Command::SetRiskRating {
            likelihood: Likelihood::Low,
            consequence: Consequence::Major,
            rating: 5,
        },
    );
    let matrix = &after.settings.risk_matrix;
    assert_eq!(matrix.rating(Likelihood::Low, Consequence::Major), 5);
    let mut expected = RiskMatrix::default();
    expected.low[Consequence::Major.index()] = 5;
    assert_eq!(*matrix, expected, "only the one cell changed");

    let weights = ScoreWeights {
        clinical: 3.0,
        expiry: 0.0,
        ..ScoreWeights::default()
    };
    let (_, after) = round_trip(&mut map, Command::SetScoreWeights(weights.clone()));
    assert_eq!(after.settings.score_weights, weights);

    let mut history = History::new();
    let bad_rating = Command::SetRiskRating {
        likelihood: Likelihood::High,
        consequence: Consequence::Minor,
        rating: 6,
    };
    assert_eq!(
        history.apply(&mut map, bad_rating),
        Err(EditError::BadRating(6))
    );
    let bad_weight = ScoreWeights {
        support: -1.0,
        ..ScoreWeights::default()
    };
    assert_eq!(
        history.apply(&mut map, Command::SetScoreWeights(bad_weight)),
        Err(EditError::BadWeight {
            what: "support",
            value: -1.0
        })
    );
    assert_eq!(map, after, "refused edits change nothing");

    let (_, reset) = round_trip(&mut map, Command::ResetRiskSettings);
    assert_eq!(reset.settings.risk_matrix, RiskMatrix::default());
    assert_eq!(reset.settings.score_weights, ScoreWeights::default());
    assert!(!history.can_undo());
    history.apply(&mut map, Command::ResetRiskSettings).unwrap();
    assert!(
        !history.can_undo(),
        "resetting what is already default adds no step"
    );
}

#[test]
fn dragging_a_weight_is_one_undo_step() {
    use crate::model::ScoreWeights;
    let (mut map, _) = chain();
    let before = map.clone();
    let mut history = History::new();
    for clinical in [2.5, 3.0, 3.5] {
        let weights = ScoreWeights {
            clinical,
            ..map.settings.score_weights.clone()
        };
        history
            .apply_in_gesture(
                &mut map,
                Command::SetScoreWeights(weights),
                Coalesce::Setting("weights".into()),
            )
            .unwrap();
    }
    assert_eq!(map.settings.score_weights.clinical, 3.5);
    history.undo(&mut map);
    assert_eq!(map, before);
}

fn selecting(ids: &[&ComponentId]) -> Selection {
    Selection {
        components: ids.iter().map(|id| (*id).clone()).collect(),
        ..Selection::default()
    }
}

#[test]
fn undo_and_redo_select_what_the_step_touched_or_what_was_selected_before_it() {
    let (mut map, ids) = chain();
    let mut history = History::new();
    // B is selected when C moves: undoing the move selects C, which it touched.
    history.note_selection(&selecting(&[&ids[1]]));
    let move_c = Command::Move {
        components: vec![(ids[2].clone(), Position::new(0.2, 0.9))],
        notes: vec![],
    };
    history.apply(&mut map, move_c).unwrap();
    history.note_selection(&Selection::default());
    assert_eq!(
        history.undo(&mut map).unwrap().selection,
        selecting(&[&ids[2]])
    );
    assert_eq!(
        history.redo(&mut map).unwrap().selection,
        selecting(&[&ids[2]])
    );

    // An added component is gone after undo: nothing is selected (no key acts on
    // something unseen); redo selects the component again.
    history.note_selection(&selecting(&[&ids[0], &ids[1]]));
    let add = Command::AddComponent {
        name: "D".into(),
        kind: Kind::System,
        at: Position::new(0.5, 0.5),
    };
    let created = history.apply(&mut map, add).unwrap().created_components;
    history.note_selection(&selecting(&[&created[0]]));
    let undone = history.undo(&mut map).unwrap();
    assert_eq!(undone.label, "add system");
    assert!(undone.selection.is_empty());
    assert_eq!(
        history.redo(&mut map).unwrap().selection,
        selecting(&[&created[0]])
    );

    // Undoing a delete selects what came back; redoing it leaves nothing selected.
    history.note_selection(&selecting(&[&ids[0], &ids[2]]));
    let delete = Command::Delete {
        components: vec![ids[0].clone()],
        notes: vec![],
    };
    history.apply(&mut map, delete).unwrap();
    history.note_selection(&Selection::default());
    assert_eq!(
        history.undo(&mut map).unwrap().selection,
        selecting(&[&ids[0]])
    );
    assert!(history.redo(&mut map).unwrap().selection.is_empty());

    // A map-wide change touches no items: undo brings back the selection before it.
    history.note_selection(&selecting(&[&ids[1]]));
    let properties = MapProperties {
        title: "Stroke".into(),
        ..MapProperties::of(&map)
    };
    history
        .apply(&mut map, Command::SetProperties(properties))
        .unwrap();
    history.note_selection(&Selection::default());
    assert_eq!(
        history.undo(&mut map).unwrap().selection,
        selecting(&[&ids[1]])
    );

    // A link's label: the link is selected.
    let label = Command::LabelLink {
        from: ids[1].clone(),
        to: ids[2].clone(),
        label: Some("HL7".into()),
    };
    history.apply(&mut map, label).unwrap();
    let undone = history.undo(&mut map).unwrap();
    assert_eq!(
        undone.selection.link,
        Some((ids[1].clone(), ids[2].clone()))
    );
}

#[test]
fn grouping_is_declared_by_the_command_and_differs_per_target() {
    let (mut map, ids) = chain();
    let mut history = History::new();
    let rename = |id: &ComponentId, name: &str| Command::Rename {
        id: id.clone(),
        name: name.into(),
    };
    // Typing into A's name, then into B's without ending the gesture: two steps.
    for (id, name) in [(&ids[0], "A1"), (&ids[0], "A12"), (&ids[1], "B1")] {
        let grouping = Coalesce::Field(id.clone(), "name");
        history
            .apply_in_gesture(&mut map, rename(id, name), grouping)
            .unwrap();
    }
    // Nudging A, then A and B: two steps.
    for selected in [vec![ids[0].clone()], vec![ids[0].clone(), ids[1].clone()]] {
        let at = Position::new(0.1, 0.1);
        let nudge = Command::Move {
            components: selected.iter().map(|id| (id.clone(), at)).collect(),
            notes: vec![],
        };
        let grouping = Coalesce::Nudge(selected, vec![]);
        history.apply_in_gesture(&mut map, nudge, grouping).unwrap();
    }
    let mut steps = 0;
    while history.undo(&mut map).is_some() {
        steps += 1;
    }
    assert_eq!(steps, 4);
    assert_eq!(map, chain().0);
}

// Deleting a system the plan names takes its steps with it, so the saved map never
// holds a plan naming what is not there; undo brings both back.
#[test]
fn deleting_a_planned_system_drops_its_steps_and_undo_restores_them() {
    use crate::model::{Action, Phase, Plan, Step, validate};
    let mut map = Map::new("t");
    let ids: Vec<ComponentId> = (0..2)
        .map(|i| {
            let id = map.allocate_component_id();
            map.components
                .push(Component::new(id.clone(), format!("S{i}"), 0.5, 0.5));
            id
        })
        .collect();
    let date = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    let mut phase = Phase::new("p1", "Tidy", date("2027-01-01"), date("2027-12-31"));
    for id in &ids {
        phase.steps.push(Step::new(Action::Retire {
            component: id.clone(),
            on: date("2027-06-01"),
        }));
    }
    let mut plan = Plan::default();
    plan.phases.push(phase);
    map.plan = Some(plan);
    let delete = Command::Delete {
        components: vec![ids[0].clone()],
        notes: vec![],
    };
    let (_, after) = round_trip(&mut map, delete);
    let steps = &after.plan.as_ref().unwrap().phases[0].steps;
    assert_eq!(steps.len(), 1, "the other system's step stays");
    assert!(validate(&after).is_empty(), "{:?}", validate(&after));
}
