//! The one registry of user actions: each has its id, label, tooltip, shortcuts, the
//! context its keys work in, whether it changes the map, when it is enabled and what
//! it does. Menus, the toolbar, context menus, the command palette, key handling and
//! docs/shortcuts.md all read it; read-only mode is enforced here, once.

use super::app::EstateApp;
use super::insight::InsightTab;
use super::prompts::{Prompt, PropertiesDraft};
use crate::edit::Position;
use crate::model::{Kind, SupportStatus};
use egui::{Key, KeyboardShortcut, Modifiers};
use std::sync::LazyLock;

/// Every user action, by name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ActionId {
    New,
    Open,
    Save,
    SaveAs,
    Export,
    RepeatExport,
    MapProperties,
    CompareWith,
    CompareBackup,
    CompareTab,
    ExportProgress,
    LeaveCompare,
    MergeFrom,
    ViewOnly,
    CloseTab,
    NextTab,
    PreviousTab,
    Quit,
    Undo,
    Redo,
    Cut,
    Copy,
    Paste,
    Duplicate,
    SelectAll,
    ClearSelection,
    Delete,
    Rename,
    AddComponent,
    AddUserNeed,
    AddNote,
    SetStatus(SupportStatus),
    SetKind(Kind),
    /// The arrows: nudge the selection, or pan the view when nothing can be nudged.
    Nudge(Direction),
    CancelEdit,
    Find,
    Fit,
    ZoomIn,
    ZoomOut,
    Legend,
    Presenter,
    Impact,
    Register,
    Checks,
    ColourBy,
    RiskSettings,
    Palette,
    MergeMaps,
    Import,
    NextAreaView,
    AtRiskView,
    CollapseGroup,
    CollapseArea,
    ExpandGroup,
    Roadmap,
    PlanPanel,
    Timeline,
    BusinessCase,
    MoneySettings,
    Annotations,
}

/// An arrow's way.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Direction {
    Left,
    Right,
    Up,
    Down,
}

impl Direction {
    pub const ALL: [Direction; 4] = [
        Direction::Left,
        Direction::Right,
        Direction::Up,
        Direction::Down,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Direction::Left => "left",
            Direction::Right => "right",
            Direction::Up => "up",
            Direction::Down => "down",
        }
    }

    pub fn key(self) -> Key {
        match self {
            Direction::Left => Key::ArrowLeft,
            Direction::Right => Key::ArrowRight,
            Direction::Up => Key::ArrowUp,
            Direction::Down => Key::ArrowDown,
        }
    }

    /// Map units along evolution and visibility for one step.
    pub fn unit(self) -> (f64, f64) {
        match self {
            Direction::Left => (-1.0, 0.0),
            Direction::Right => (1.0, 0.0),
            Direction::Up => (0.0, 1.0),
            Direction::Down => (0.0, -1.0),
        }
    }
}

/// Where an action's keys work.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Scope {
    /// Anywhere no question is shown, even while typing in a field (Ctrl+S).
    Global,
    /// On the map, when no text field has the keyboard.
    Canvas,
    /// While an inline field on the canvas is open.
    TextField,
}

impl Scope {
    pub fn label(self) -> &'static str {
        match self {
            Scope::Global => "anywhere",
            Scope::Canvas => "on the map",
            Scope::TextField => "in a field on the map",
        }
    }
}

/// How an action was asked for: keys act only on what the user can see.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    Key,
    Menu,
    Palette,
}

/// One request for an action, queued for the dispatcher.
#[derive(Clone, Debug, PartialEq)]
pub struct Invocation {
    pub id: ActionId,
    pub source: Source,
    /// Where on the map it was asked for (a right-click spot, the pointer).
    pub at: Option<Position>,
    /// Text that came with it (a paste from the window system).
    pub text: Option<String>,
    /// The modifiers of the shortcut that asked for it (Shift+arrow goes further).
    pub modifiers: Modifiers,
}

impl Invocation {
    pub fn new(id: ActionId, source: Source) -> Self {
        Self {
            id,
            source,
            at: None,
            text: None,
            modifiers: Modifiers::NONE,
        }
    }

    pub fn at(mut self, at: Option<Position>) -> Self {
        self.at = at;
        self
    }
}

type Enabled = Box<dyn Fn(&EstateApp, &Invocation) -> Result<(), String> + Send + Sync>;
type Run = Box<dyn Fn(&mut EstateApp, &Invocation) + Send + Sync>;
type Checked = Box<dyn Fn(&EstateApp) -> bool + Send + Sync>;
type Live = Box<dyn Fn(&EstateApp) -> Option<String> + Send + Sync>;

pub struct Action {
    pub id: ActionId,
    /// The name in menus, the palette and the docs.
    pub label: String,
    /// Shorter text for a toolbar button or a submenu entry.
    pub short: String,
    pub tooltip: String,
    /// The first is shown in menus and tooltips; all of them work.
    pub shortcuts: Vec<KeyboardShortcut>,
    pub scope: Scope,
    /// The docs' section.
    pub group: &'static str,
    /// Set when the action changes the map: why it is unavailable read-only.
    pub read_only_reason: Option<&'static str>,
    enabled: Option<Enabled>,
    run: Run,
    /// For toggles: whether it is on now.
    checked: Option<Checked>,
    /// A tooltip that says more now (what Undo would undo).
    live_tooltip: Option<Live>,
}

impl Action {
    fn new(
        id: ActionId,
        group: &'static str,
        label: impl Into<String>,
        tooltip: impl Into<String>,
        run: impl Fn(&mut EstateApp, &Invocation) + Send + Sync + 'static,
    ) -> Self {
        let label = label.into();
        Self {
            id,
            short: label.clone(),
            label,
            tooltip: tooltip.into(),
            shortcuts: Vec::new(),
            scope: Scope::Canvas,
            group,
            read_only_reason: None,
            enabled: None,
            run: Box::new(run),
            checked: None,
            live_tooltip: None,
        }
    }

    fn keys(mut self, shortcuts: &[KeyboardShortcut]) -> Self {
        self.shortcuts = shortcuts.to_vec();
        self
    }

    fn scope(mut self, scope: Scope) -> Self {
        self.scope = scope;
        self
    }

    fn short(mut self, short: impl Into<String>) -> Self {
        self.short = short.into();
        self
    }

    /// The action changes the map; `reason` says why it cannot while read-only.
    fn writes(mut self, reason: &'static str) -> Self {
        self.read_only_reason = Some(reason);
        self
    }

    fn enabled_when(
        mut self,
        rule: impl Fn(&EstateApp, &Invocation) -> Result<(), String> + Send + Sync + 'static,
    ) -> Self {
        self.enabled = Some(Box::new(rule));
        self
    }

    fn checked(mut self, on: impl Fn(&EstateApp) -> bool + Send + Sync + 'static) -> Self {
        self.checked = Some(Box::new(on));
        self
    }

    fn live_tooltip(
        mut self,
        text: impl Fn(&EstateApp) -> Option<String> + Send + Sync + 'static,
    ) -> Self {
        self.live_tooltip = Some(Box::new(text));
        self
    }

    /// The tooltip as it reads now.
    pub fn tooltip_now(&self, app: &EstateApp) -> String {
        let live = self.live_tooltip.as_ref().and_then(|text| text(app));
        live.unwrap_or_else(|| self.tooltip.clone())
    }

    /// Whether it is a toggle, and then whether it is on.
    pub fn is_on(&self, app: &EstateApp) -> Option<bool> {
        self.checked.as_ref().map(|on| on(app))
    }

    /// Ok when it can run now; else why not, in plain words.
    pub fn availability(&self, app: &EstateApp, how: &Invocation) -> Result<(), String> {
        if self.read_only_reason.is_some() && app.compare.is_some() {
            return Err(super::compare::COMPARE_READ_ONLY.to_string());
        }
        if let Some(reason) = self.read_only_reason
            && app.doc.read_only
        {
            return Err(reason.to_string());
        }
        self.enabled.as_ref().map_or(Ok(()), |rule| rule(app, how))
    }
}

/// All actions, in menu order.
pub fn actions() -> &'static [Action] {
    static ACTIONS: LazyLock<Vec<Action>> = LazyLock::new(build);
    &ACTIONS
}

pub fn action(id: ActionId) -> &'static Action {
    actions()
        .iter()
        .find(|a| a.id == id)
        .expect("every action id is registered")
}

const fn key(logical_key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::NONE, logical_key)
}

const fn cmd(logical_key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::COMMAND, logical_key)
}

const fn cmd_shift(logical_key: Key) -> KeyboardShortcut {
    let modifiers = Modifiers {
        shift: true,
        ..Modifiers::COMMAND
    };
    KeyboardShortcut::new(modifiers, logical_key)
}

const READ_ONLY_ADD: &str = "This map is open read-only: nothing can be added";
const READ_ONLY_CHANGE: &str = "This map is open read-only: nothing can be changed";
const STATUS_KEYS: [Key; 5] = [Key::Num1, Key::Num2, Key::Num3, Key::Num4, Key::Num5];

fn build() -> Vec<Action> {
    use ActionId as A;
    let mut all =
        vec![
        Action::new(A::New, "File", "New", "Start a new, empty map", |app, _| {
            app.request(super::Intent::New)
        })
        .keys(&[cmd(Key::N)])
        .scope(Scope::Global),
        Action::new(A::Open, "File", "Open\u{2026}", "Open a map file", |app, _| {
            app.request(super::Intent::Open(None))
        })
        .keys(&[cmd(Key::O)])
        .scope(Scope::Global),
        Action::new(
            A::Import,
            "File",
            "Import\u{2026}",
            "An asset register (.csv, .xlsx) with a preview, or an OnlineWardleyMaps file (.owm, .wm), as a new map",
            |app, _| app.ask_import(),
        ),
        Action::new(A::Save, "File", "Save", "Save to the opened file", |app, _| {
            app.save()
        })
        .keys(&[cmd(Key::S)])
        .scope(Scope::Global)
        .writes("This map is open read-only: use Save as to keep a copy"),
        Action::new(
            A::SaveAs,
            "File",
            "Save as\u{2026}",
            "Save to a new file (a read-only map becomes your own copy)",
            |app, _| app.save_as(),
        )
        .keys(&[cmd_shift(Key::S)])
        .scope(Scope::Global),
        Action::new(
            A::Export,
            "File",
            "Export\u{2026}",
            "Export PNG, SVG or PDF with size, theme and legend options",
            |app, _| app.export.open = true,
        )
        .keys(&[cmd_shift(Key::E)])
        .scope(Scope::Global),
        Action::new(
            A::RepeatExport,
            "File",
            "Repeat last export",
            "The last export again, same options, same file (the first time, the Export dialog)",
            |app, _| app.repeat_export(),
        )
        .keys(&[cmd(Key::E)])
        .scope(Scope::Global),
        Action::new(
            A::MapProperties,
            "File",
            "Map properties\u{2026}",
            "Title, organisation, author and description",
            |app, _| {
                app.files.prompt = Some(Prompt::Properties(PropertiesDraft::of(&app.doc.map)))
            },
        )
        .writes("The map is open read-only"),
        Action::new(
            A::CompareWith,
            "File",
            "Compare with file\u{2026}",
            "Show what changed since another version of this map: marked on the map and listed",
            |app, _| app.compare_with_file(),
        ),
        Action::new(
            A::CompareBackup,
            "File",
            "Compare with backup",
            "Show what changed since the backup (.bak) the last save kept",
            |app, _| app.compare_with_backup(),
        )
        .enabled_when(|app, _| app.backup_check()),
        Action::new(
            A::CompareTab,
            "File",
            "Compare with next open map",
            "Show the differences from the map in the next tab",
            |app, _| app.compare_with_tab(None),
        )
        .enabled_when(|app, _| app.tab_count_check()),
        Action::new(
            A::ExportProgress,
            "File",
            "Export progress\u{2026}",
            "The compared map with the changes marked as a PNG, PDF or SVG slide, or Markdown",
            |app, _| app.export_progress(),
        )
        .enabled_when(|app, _| app.compare_check()),
        Action::new(
            A::LeaveCompare,
            "File",
            "Leave compare",
            "Back to editing, with the view as it was before comparing (Escape)",
            |app, _| app.leave_compare(),
        )
        .enabled_when(|app, _| app.compare_check()),
        Action::new(
            A::MergeFrom,
            "File",
            "Merge changes from\u{2026}",
            "Merge another person's version of this map into it (base: the .bak, or a second pick); one undo step",
            |app, _| app.merge_from_file(),
        )
        .writes("This map is open read-only: nothing can be merged into it"),
        Action::new(
            A::ViewOnly,
            "File",
            "View only",
            "Look without changing anything: select, search and export; maps opened later follow it",
            |app, _| app.set_view_only(!app.doc.read_only),
        )
        .scope(Scope::Global)
        .checked(|app| app.doc.read_only)
        .enabled_when(|app, _| match &app.compare {
            Some(_) => Err(super::compare::COMPARE_READ_ONLY.to_string()),
            None if app.doc.file_read_only => {
                Err("The file cannot be written: it opens read-only".to_string())
            }
            None => Ok(()),
        }),
        Action::new(
            A::MergeMaps,
            "File",
            "Merge maps\u{2026}",
            "Merge disease-area maps into one estate, reviewing near matches and conflicts",
            |app, _| app.open_merge_maps(),
        ),
        Action::new(
            A::CloseTab,
            "File",
            "Close map",
            "Close this map's tab (asks first if it has unsaved changes)",
            |app, _| app.request(super::Intent::CloseTab),
        )
        .keys(&[cmd(Key::W)])
        .scope(Scope::Global),
        Action::new(
            A::NextTab,
            "View",
            "Next map",
            "Show the next open map's tab",
            |app, _| app.cycle_tab(true),
        )
        .keys(&[cmd(Key::Tab)])
        .scope(Scope::Global)
        .enabled_when(|app, _| app.tab_count_check()),
        Action::new(
            A::PreviousTab,
            "View",
            "Previous map",
            "Show the previous open map's tab",
            |app, _| app.cycle_tab(false),
        )
        .keys(&[cmd_shift(Key::Tab)])
        .scope(Scope::Global)
        .enabled_when(|app, _| app.tab_count_check()),
        Action::new(A::Quit, "File", "Quit", "Close the window", |app, _| {
            app.request(super::Intent::Close)
        }),
        Action::new(A::Undo, "Edit", "Undo", "Undo the last change", |app, _| {
            app.undo()
        })
        .keys(&[cmd(Key::Z)])
        .live_tooltip(|app| app.doc.history.undo_label().map(|l| format!("Undo {l}")))
        .writes("Read-only: nothing here changes the map, so there is nothing to undo")
        .enabled_when(|app, _| match app.doc.history.can_undo() {
            true => Ok(()),
            false => Err("Nothing to undo".into()),
        }),
        Action::new(A::Redo, "Edit", "Redo", "Redo what was undone", |app, _| {
            app.redo()
        })
        .keys(&[cmd_shift(Key::Z), cmd(Key::Y)])
        .live_tooltip(|app| app.doc.history.redo_label().map(|l| format!("Redo {l}")))
        .writes("Read-only: nothing here changes the map, so there is nothing to redo")
        .enabled_when(|app, _| match app.doc.history.can_redo() {
            true => Ok(()),
            false => Err("Nothing to redo".into()),
        }),
        Action::new(
            A::Cut,
            "Edit",
            "Cut",
            "Copy the selected components, then delete them",
            |app, _| {
                if app.copy() {
                    app.delete_selection();
                }
            },
        )
        .keys(&[cmd(Key::X)])
        .writes(READ_ONLY_CHANGE)
        .enabled_when(components_selected("Select components to cut")),
        Action::new(
            A::Copy,
            "Edit",
            "Copy",
            "Copy the selected components and the links among them",
            |app, _| {
                app.copy();
            },
        )
        .keys(&[cmd(Key::C)])
        .enabled_when(components_selected("Select components to copy")),
        Action::new(
            A::Paste,
            "Edit",
            "Paste",
            "Paste copied components, centred on the pointer or the right-click spot",
            |app, how| app.paste(how.text.as_deref(), how.at),
        )
        .keys(&[cmd(Key::V)])
        .writes(READ_ONLY_ADD),
        Action::new(
            A::Duplicate,
            "Edit",
            "Duplicate",
            "A copy of the selected components beside them",
            |app, _| app.duplicate(),
        )
        .keys(&[cmd(Key::D)])
        .writes(READ_ONLY_ADD)
        .enabled_when(components_selected("Select components to duplicate")),
        Action::new(
            A::SelectAll,
            "Edit",
            "Select all",
            "Select every component",
            |app, _| app.select_all(),
        )
        .keys(&[cmd(Key::A)]),
        Action::new(
            A::ClearSelection,
            "Edit",
            "Clear selection",
            "Select nothing",
            |app, _| match app.compare.is_some() {
                // Escape first leaves compare mode, which restores the selection too.
                true => app.leave_compare(),
                false => app.canvas.selection.clear(),
            },
        )
        .keys(&[key(Key::Escape)]),
        Action::new(
            A::Delete,
            "Edit",
            "Delete",
            "Delete the selection and its links",
            |app, _| app.delete_selection(),
        )
        .keys(&[key(Key::Delete), key(Key::Backspace)])
        .writes(READ_ONLY_CHANGE)
        .enabled_when(|app, _| match app.canvas.selection.is_empty() {
            true => Err("Nothing is selected to delete".into()),
            false => Ok(()),
        }),
        Action::new(
            A::Rename,
            "Edit",
            "Rename",
            "Rename the selected component, edit the selected note or label the selected link",
            |app, _| app.rename_selected(),
        )
        .keys(&[key(Key::F2)])
        .writes(READ_ONLY_CHANGE)
        .enabled_when(|app, _| {
            let sel = &app.canvas.selection;
            let one = sel.single_component().is_some()
                || sel.link.is_some()
                || (sel.components.is_empty() && sel.notes.len() == 1);
            one.then_some(())
                .ok_or_else(|| "Select one component to rename it".to_string())
        }),
        Action::new(
            A::AddComponent,
            "Edit",
            "Add component",
            "Add a component in the middle of the view, then type its name",
            |app, how| add(app, how, Kind::System),
        )
        .short("+ Component")
        .keys(&[key(Key::N)])
        .writes(READ_ONLY_ADD),
        Action::new(
            A::AddUserNeed,
            "Edit",
            "Add user need",
            "Add a user need near the top of the view, then type its name",
            |app, how| add(app, how, Kind::UserNeed),
        )
        .short("+ User need")
        .keys(&[key(Key::U)])
        .writes(READ_ONLY_ADD),
        Action::new(
            A::AddNote,
            "Edit",
            "Add note",
            "Add a note in the middle of the view",
            |app, how| {
                let at = how.at.unwrap_or_else(|| app.canvas.centre_position());
                app.start_adding_note(at);
            },
        )
        .short("+ Note")
        .writes(READ_ONLY_ADD),
    ];
    for (status, key_) in SupportStatus::ALL.into_iter().zip(STATUS_KEYS) {
        all.push(
            Action::new(
                A::SetStatus(status),
                "Edit",
                format!("Set status: {}", status.label()),
                format!("Mark the selected components {}", status.label()),
                move |app, how| app.set_status_from(status, how.source),
            )
            .short(status.label())
            .keys(&[key(key_)])
            .writes(READ_ONLY_CHANGE)
            .enabled_when(|app, how| app.status_target(how.source).map(|_| ())),
        );
    }
    for kind in Kind::ALL {
        all.push(
            Action::new(
                A::SetKind(kind),
                "Edit",
                format!("Set kind: {}", kind.label()),
                format!("Change the selected components' kind to {}", kind.label()),
                move |app, _| app.set_kind_on_selection(kind),
            )
            .short(kind.label())
            .writes(READ_ONLY_CHANGE)
            .enabled_when(components_selected("Select components first")),
        );
    }
    for direction in Direction::ALL {
        let (way, arrow) = (direction.label(), direction.key());
        all.push(
            Action::new(
                A::Nudge(direction),
                "Edit",
                format!("Nudge {way}"),
                format!(
                    "Move the selection {way} (Shift: ten steps); with nothing selected, or read-only, pan the view"
                ),
                move |app, how| app.nudge_or_pan(direction, how.modifiers.shift),
            )
            .keys(&[key(arrow), KeyboardShortcut::new(Modifiers::SHIFT, arrow)]),
        );
    }
    all.extend([
        Action::new(
            A::CancelEdit,
            "Edit",
            "Cancel the edit",
            "Close the field on the map without changing anything",
            |app, _| app.cancel_editor(),
        )
        .keys(&[key(Key::Escape)])
        .scope(Scope::TextField)
        .enabled_when(|app, _| match app.canvas.editor.is_some() {
            true => Ok(()),
            false => Err("No field is open on the map".into()),
        }),
        Action::new(
            A::Find,
            "View",
            "Find\u{2026}",
            "Type part of a name: the first match is selected and centred",
            |app, _| {
                app.search.open = true;
                app.search.focus = true;
            },
        )
        .keys(&[cmd(Key::F)]),
        Action::new(
            A::Fit,
            "View",
            "Fit map",
            "Fit the whole map in view",
            |app, _| app.fit(),
        )
        .short("Fit")
        .keys(&[key(Key::F), cmd(Key::Num0)]),
        Action::new(A::ZoomIn, "View", "Zoom in", "Zoom in", |app, _| {
            app.zoom_by(1)
        })
        .short("+")
        .keys(&[cmd(Key::Equals), cmd(Key::Plus)]),
        Action::new(A::ZoomOut, "View", "Zoom out", "Zoom out", |app, _| {
            app.zoom_by(-1)
        })
        .short("\u{2212}")
        .keys(&[cmd(Key::Minus)]),
        Action::new(
            A::Legend,
            "View",
            "Legend",
            "Show or hide the key on the canvas; exports always include it",
            |app, _| app.set_legend_shown(!app.legend_shown),
        )
        .keys(&[key(Key::L)])
        .checked(|app| app.legend_shown),
        Action::new(
            A::Presenter,
            "View",
            "Presenter",
            "Larger text and thicker lines for a projector",
            |app, _| app.set_presenter(!app.presenter),
        )
        .checked(|app| app.presenter),
        Action::new(
            A::Impact,
            "Analysis",
            "Impact",
            "Highlight what depends on the selected component and dim the rest",
            |app, _| app.toggle_impact(),
        )
        .keys(&[key(Key::I)])
        .checked(|app| app.insight.impact),
        Action::new(
            A::Register,
            "Analysis",
            "Register",
            "Show the risk register, highest risk first",
            |app, _| app.show_panel(InsightTab::Register),
        )
        .keys(&[key(Key::R)])
        .checked(|app| app.insight.panel_open && app.insight.tab == InsightTab::Register),
        Action::new(
            A::Checks,
            "Analysis",
            "Checks",
            "Cycles, unlinked components, needs with no dependencies, upward links",
            |app, _| app.show_panel(InsightTab::Checks),
        )
        .checked(|app| app.insight.panel_open && app.insight.tab == InsightTab::Checks),
        Action::new(
            A::ColourBy,
            "Analysis",
            "Next colouring",
            "Colour boxes by support status, risk score or dates, in turn",
            |app, _| app.set_colour_by(app.colour_by.next()),
        )
        .keys(&[key(Key::C)]),
        Action::new(
            A::RiskSettings,
            "Analysis",
            "Risk settings\u{2026}",
            "Edit this map's clinical risk matrix and risk score weights",
            |app, _| app.insight.settings_open = true,
        ),
        Action::new(
            A::MoneySettings,
            "Analysis",
            "Money settings\u{2026}",
            "Edit this map's expected-loss defaults: failures a year, outage days, draws",
            |app, _| app.open_money_settings(),
        ),
        Action::new(
            A::Annotations,
            "Edit",
            "Annotations\u{2026}",
            "Add, word or remove the map's numbered annotations",
            |app, _| app.open_annotations(),
        ),
        Action::new(
            A::Palette,
            "View",
            "Command palette",
            "Find any action by name and run it",
            |app, _| app.commands.palette.toggle(),
        )
        .keys(&[cmd(Key::K), cmd_shift(Key::P)])
        .scope(Scope::Global),
        Action::new(
            A::NextAreaView,
            "View",
            "Next area view",
            "Show the whole map, then each area of an estate in turn, on the map, in the \
             register and in exports",
            |app, _| app.next_area_view(),
        ),
        Action::new(
            A::AtRiskView,
            "View",
            "At risk and what depends on it",
            "Show only unsupported, extended-support, shadow IT and unknown systems and \
             everything that depends on them",
            |app, _| app.toggle_at_risk_view(),
        )
        .short("At risk only")
        .checked(|app| app.area_view.view.at_risk),
        Action::new(
            A::CollapseGroup,
            "Edit",
            "Collapse into group",
            "Draw the selected components as one box with their counts by status",
            |app, _| app.collapse_selection(),
        )
        .keys(&[cmd(Key::G)])
        .writes(READ_ONLY_CHANGE)
        .enabled_when(|app, _| match app.canvas.selection.components.len() {
            0 | 1 => Err("Select two or more components to collapse into a group".into()),
            _ => Ok(()),
        }),
        Action::new(
            A::CollapseArea,
            "View",
            "Collapse area",
            "Draw every component of the area shown as one box on the whole map",
            |app, _| app.collapse_area(),
        )
        .writes(READ_ONLY_CHANGE)
        .enabled_when(|app, _| match app.area_view.view.area {
            Some(_) => Ok(()),
            None => Err("Choose an area in Area view first".into()),
        }),
        Action::new(
            A::ExpandGroup,
            "Edit",
            "Expand group",
            "Draw the selected group's components again instead of its box",
            |app, _| app.expand_selected_groups(),
        )
        .keys(&[cmd_shift(Key::G)])
        .writes(READ_ONLY_CHANGE)
        .enabled_when(|app, _| match app.group_box_selected() {
            true => Ok(()),
            false => Err("Select a group's box to expand it".into()),
        }),
    ]);
    all.extend(plan_actions());
    all
}

/// The plan's windows (src/ui/plan_view.rs, src/ui/plan_panel.rs).
fn plan_actions() -> Vec<Action> {
    use ActionId as A;
    vec![
        Action::new(
            A::PlanPanel,
            "View",
            "Plan",
            "The plan off legacy: phases, steps and one-off costs, edited here",
            |app, _| app.plan_ui.panel_open = !app.plan_ui.panel_open,
        )
        .checked(|app| app.plan_ui.panel_open),
        Action::new(
            A::Timeline,
            "View",
            "Timeline",
            "A date slider and phase buttons: the map, register and money as planned then",
            |app, _| app.plan_ui.timeline_open = !app.plan_ui.timeline_open,
        )
        .checked(|app| app.plan_ui.timeline_open),
        Action::new(
            A::Roadmap,
            "View",
            "Roadmap",
            "A timeline per system: contract ends, end of support, the plan's steps, today",
            |app, _| app.plan_ui.roadmap_open = !app.plan_ui.roadmap_open,
        )
        .checked(|app| app.plan_ui.roadmap_open),
        Action::new(
            A::BusinessCase,
            "Analysis",
            "Business case",
            "The plan against doing nothing, year by year, discounted: NPV and payback",
            |app, _| app.plan_ui.case_open = !app.plan_ui.case_open,
        )
        .checked(|app| app.plan_ui.case_open),
    ]
}

fn components_selected(
    reason: &'static str,
) -> impl Fn(&EstateApp, &Invocation) -> Result<(), String> + Send + Sync {
    move |app, _| match app.canvas.selection.components.is_empty() {
        true => Err(reason.to_string()),
        false => Ok(()),
    }
}

/// N / U and the toolbar add in the middle of the view; a right-click menu where it
/// was opened.
fn add(app: &mut EstateApp, how: &Invocation, kind: Kind) {
    match how.at {
        Some(at) => app.start_adding(kind, at),
        None => app.add_in_view(kind),
    }
}

impl EstateApp {
    /// The components a status change applies to. A key acts only on what the user can
    /// see: selected components scrolled out of view are left alone.
    pub(super) fn status_target(
        &self,
        source: Source,
    ) -> Result<Vec<crate::model::ComponentId>, String> {
        let map = &self.doc.map;
        let selected = self.canvas.selection.component_ids();
        if selected.is_empty() {
            return Err("Select one or more components first, then set their status".into());
        }
        // A user need is what the estate serves: it has no support status to set.
        let ids: Vec<_> = selected
            .into_iter()
            .filter(|id| map.component(id).is_some_and(|c| c.kind != Kind::UserNeed))
            .collect();
        if ids.is_empty() {
            return Err("User needs carry no support status: select a system or activity".into());
        }
        if source != Source::Key {
            return Ok(ids);
        }
        // Markers are drawn on their coordinates, so a position off the canvas is unseen.
        let canvas = self.canvas.rect;
        let seen: Vec<_> = ids
            .into_iter()
            .filter(|id| {
                map.component(id).is_some_and(|c| {
                    canvas.contains(
                        self.canvas
                            .screen_of(Position::new(c.visibility, c.evolution)),
                    )
                })
            })
            .collect();
        if seen.is_empty() {
            return Err(
                "The selection is out of view: press F to see it before setting a status".into(),
            );
        }
        Ok(seen)
    }

    /// The last action the dispatcher ran or refused (tests check keys against menus).
    pub fn last_action(&self) -> Option<ActionId> {
        self.commands.last
    }

    /// Queues `how` for the dispatcher, which runs it at the start of the next frame.
    pub(super) fn push(&mut self, how: Invocation) {
        self.commands.queue.push(how);
        self.ctx.request_repaint();
    }

    /// The one point in the frame where queued actions run, each checked first.
    pub(super) fn run_queued(&mut self) {
        for how in std::mem::take(&mut self.commands.queue) {
            self.commands.last = Some(how.id);
            let action = action(how.id);
            match action.availability(self, &how) {
                Ok(()) => (action.run)(self, &how),
                Err(reason) => self.status.error(reason),
            }
        }
    }
}

/// What the dispatcher keeps between frames.
#[derive(Default)]
pub struct Dispatcher {
    queue: Vec<Invocation>,
    pub palette: super::palette::Palette,
    /// When the last plain letter or digit key went down (input time, seconds), and
    /// which; cleared by a click or another key.
    pub last_char_key: Option<(f64, egui::Key)>,
    /// The last action dispatched, run or refused.
    last: Option<ActionId>,
    /// The last click on the map, to tell double-clicks (src/ui/gesture.rs).
    pub clicks: super::gesture::Clicks,
    /// When a letter key opened a new component's name box, and the text it typed: if
    /// more letters follow within a word's gap, they were one name ("nav").
    pub word_start: Option<(f64, String)>,
}

/// The text of a shortcut as menus show it (Cmd on macOS).
pub fn shortcut_text(ctx: &egui::Context, shortcut: &KeyboardShortcut) -> String {
    ctx.format_shortcut(shortcut)
}

/// The generated part of docs/shortcuts.md: every action and its keys, by section.
pub fn shortcuts_markdown() -> String {
    let mut out = String::new();
    for group in ["File", "Edit", "View", "Analysis"] {
        out += &format!("\n### {group}\n\n| action | keys | works | what it does |\n");
        out += "| --- | --- | --- | --- |\n";
        for a in actions().iter().filter(|a| a.group == group) {
            let keys = a
                .shortcuts
                .iter()
                .map(|s| s.format(&egui::ModifierNames::NAMES, false))
                .collect::<Vec<_>>()
                .join(" or ");
            let scope = (!a.shortcuts.is_empty()).then_some(a.scope.label());
            let editable = a.read_only_reason.map(|_| "editable maps");
            let works = scope
                .into_iter()
                .chain(editable)
                .collect::<Vec<_>>()
                .join(", ");
            out += &format!("| {} | {keys} | {works} | {} |\n", a.label, a.tooltip);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn every_shortcut_is_unique_within_its_scope() {
        let mut seen = HashSet::new();
        for a in actions() {
            for s in &a.shortcuts {
                // consume_key ignores extra Shift: Ctrl+Shift+Z and Ctrl+Z differ because
                // the dispatcher tries the one with more modifiers first.
                let scope = if a.scope == Scope::Global {
                    Scope::Canvas
                } else {
                    a.scope
                };
                assert!(
                    seen.insert((scope, *s)),
                    "{:?} reuses {s:?} in {:?}",
                    a.id,
                    a.scope
                );
            }
        }
        let ids: HashSet<_> = actions().iter().map(|a| a.id).collect();
        assert_eq!(ids.len(), actions().len(), "an id is registered twice");
    }

    #[test]
    fn global_shortcuts_need_a_modifier_so_typing_never_fires_them() {
        for a in actions().iter().filter(|a| a.scope == Scope::Global) {
            for s in &a.shortcuts {
                assert!(!s.conflicts_with_text_editing(), "{:?}: {s:?}", a.id);
            }
        }
    }

    #[test]
    fn export_dialog_is_ctrl_shift_e_and_repeat_is_ctrl_e() {
        let names = |id| {
            action(id)
                .shortcuts
                .iter()
                .map(|s| s.format(&egui::ModifierNames::NAMES, false))
                .collect::<Vec<_>>()
        };
        assert_eq!(names(ActionId::Export), ["Ctrl+Shift+E"]);
        assert_eq!(names(ActionId::RepeatExport), ["Ctrl+E"]);
        assert_eq!(names(ActionId::Palette), ["Ctrl+K", "Ctrl+Shift+P"]);
    }

    /// Regenerate with `UPDATE_SHORTCUTS=1 cargo test --lib ui::registry`.
    #[test]
    fn docs_shortcuts_md_is_generated_from_the_registry() {
        const BEGIN: &str = "<!-- generated from src/ui/registry.rs: begin -->\n";
        const END: &str = "<!-- generated: end -->";
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/shortcuts.md");
        let doc = std::fs::read_to_string(path).unwrap();
        let (start, end) = (
            doc.find(BEGIN).unwrap() + BEGIN.len(),
            doc.find(END).unwrap(),
        );
        let wanted = format!("{}{}\n{}", &doc[..start], shortcuts_markdown(), &doc[end..]);
        if doc != wanted {
            if std::env::var_os("UPDATE_SHORTCUTS").is_some() {
                std::fs::write(path, &wanted).unwrap();
            } else {
                panic!(
                    "docs/shortcuts.md differs from the action registry; update it with \
                     `UPDATE_SHORTCUTS=1 cargo test --lib ui::registry`"
                );
            }
        }
    }
}
