//! `estate-map export MAP.json... -o OUT`: board-pack images without a window.
//!
//! One map: `-o` names the file and its extension picks the format. Several maps (or
//! one map and an existing folder): `-o` is a folder (created if missing) and each map
//! is written there as `<map file stem>.<format>`, with `--format` choosing the format
//! (PNG if omitted).
//!
//! Exit codes: 0 all exported; 1 a map could not be read or is invalid; 2 bad
//! arguments (unknown format, impossible size); 3 an output could not be written.

use crate::export::{Background, ExportError, ExportOptions, Format, Paper, Size, View, export};
use crate::model::{load_file, write_atomically};
use crate::scene::{ColourBy, FrameOptions, Point, Rect, SceneOptions, Theme};
use clap::{Args, ValueEnum};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const BAD_MAP: u8 = 1;
const BAD_ARGS: u8 = 2;
const UNWRITABLE: u8 = 3;

#[derive(Args, Debug)]
pub struct ExportArgs {
    /// Map files to export.
    #[arg(required = true)]
    pub maps: Vec<PathBuf>,
    /// Output file (.png, .svg, .pdf, .html, or .owm/.mmd map text); a folder when
    /// several maps are given.
    #[arg(short, long)]
    pub output: PathBuf,
    /// Output format; needed only to choose the format of a batch (default png).
    #[arg(long, value_enum)]
    pub format: Option<FormatArg>,
    /// Width in pixels (the height follows the map's shape unless --height is given).
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..))]
    pub width: Option<u32>,
    /// Height in pixels.
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..))]
    pub height: Option<u32>,
    /// Landscape paper at 300 dpi (PNG and PDF default to A4).
    #[arg(long, value_enum, conflicts_with_all = ["width", "height"])]
    pub paper: Option<PaperArg>,
    /// Multiplies the output size, e.g. 2 for a high-density screen.
    #[arg(long, default_value_t = 1.0)]
    pub scale: f32,
    /// `print` is greyscale for black-and-white printers.
    #[arg(long, value_enum, default_value_t = ThemeArg::Light)]
    pub theme: ThemeArg,
    /// `fit`: the whole map with its frame; `current`: the view saved by the app in
    /// the file (fit if none); or X,Y,WIDTH,HEIGHT in map units.
    #[arg(long, default_value = "fit", value_parser = parse_view)]
    pub view: ViewArg,
    /// What box fills show: support status, risk score (heat) or end-of-support and
    /// contract dates (expired, within 12 months, later); outlines always show status.
    #[arg(long, value_enum, default_value_t = ColourByArg::Status)]
    pub colour_by: ColourByArg,
    /// The "as of" date in the title block, YYYY-MM-DD (default: when the map was
    /// last modified). The risk and dates colourings measure from it too (default:
    /// today); their legend names the date. A map with a plan is drawn as planned
    /// on that date (replaced systems gone, new ones in, statuses as they will be).
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<chrono::NaiveDate>,
    /// A line under the title, e.g. "Draft, for discussion".
    #[arg(long)]
    pub subtitle: Option<String>,
    /// A line under the legend.
    #[arg(long)]
    pub footer: Option<String>,
    /// Add a table of component counts by status.
    #[arg(long)]
    pub summary: bool,
    /// Add the board summary beside the map: top 10 risks by expected loss with their
    /// harm statements, the estate's expected loss, counts by status and the
    /// loss-exceedance curve.
    #[arg(long)]
    pub board_summary: bool,
    /// Leave the background transparent (PNG and SVG).
    #[arg(long)]
    pub transparent: bool,
    /// The map alone: no title block or legend.
    #[arg(long)]
    pub no_frame: bool,
    /// Larger text and thicker lines, as the app's presenter mode.
    #[arg(long)]
    pub presenter: bool,
    /// `--area NAME` / `--at-risk`: draw one view of an estate map.
    #[command(flatten)]
    pub view_of: super::view_args::ViewArgs,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum FormatArg {
    Png,
    Svg,
    Pdf,
    Html,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum PaperArg {
    A4,
    A3,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ThemeArg {
    Light,
    Print,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ColourByArg {
    Status,
    Risk,
    Dates,
}

impl From<ColourByArg> for ColourBy {
    fn from(arg: ColourByArg) -> Self {
        match arg {
            ColourByArg::Status => ColourBy::Status,
            ColourByArg::Risk => ColourBy::Risk,
            ColourByArg::Dates => ColourBy::Dates,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ViewArg {
    Fit,
    Current,
    Rect(Rect),
}

fn parse_view(s: &str) -> Result<ViewArg, String> {
    match s {
        "fit" => return Ok(ViewArg::Fit),
        "current" => return Ok(ViewArg::Current),
        _ => {}
    }
    let parts: Vec<f32> = s
        .split(',')
        .map(|p| p.trim().parse::<f32>())
        .collect::<Result<_, _>>()
        .map_err(|_| format!("'{s}' is not fit, current or X,Y,WIDTH,HEIGHT"))?;
    match parts[..] {
        [x, y, w, h] if w > 0.0 && h > 0.0 && x.is_finite() && y.is_finite() => {
            Ok(ViewArg::Rect(Rect::from_min_size(Point::new(x, y), w, h)))
        }
        _ => Err(format!(
            "'{s}' is not fit, current or X,Y,WIDTH,HEIGHT with a positive width and height"
        )),
    }
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Format {
        match f {
            FormatArg::Png => Format::Png,
            FormatArg::Svg => Format::Svg,
            FormatArg::Pdf => Format::Pdf,
            FormatArg::Html => Format::Html,
        }
    }
}

pub fn run(args: &ExportArgs) -> ExitCode {
    if let Some(write) = super::export_text::writer(&args.output) {
        if !args.view_of.view().is_all() {
            eprintln!("error: --area and --at-risk apply to PNG, SVG, PDF and HTML exports");
            return ExitCode::from(BAD_ARGS);
        }
        return super::export_text::run(&args.maps, &args.output, write);
    }
    let jobs = match plan(args) {
        Ok(jobs) => jobs,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(BAD_ARGS);
        }
    };
    let batch = jobs.len() > 1;
    let mut worst = 0;
    for (i, (map_path, out_path, format)) in jobs.iter().enumerate() {
        let result = export_one(args, map_path, out_path, *format);
        match &result {
            Ok(()) if batch => println!(
                "[{}/{}] {} -> {}",
                i + 1,
                jobs.len(),
                map_path.display(),
                out_path.display()
            ),
            Ok(()) => {}
            Err((_, message)) => eprintln!("error: {message}"),
        }
        if let Err((code, _)) = result {
            worst = worst.max(code);
        }
    }
    ExitCode::from(worst)
}

/// Pairs each map with its output file and format, or says why the arguments fail.
fn plan(args: &ExportArgs) -> Result<Vec<(PathBuf, PathBuf, Format)>, String> {
    if !(args.scale.is_finite() && args.scale > 0.0) {
        return Err(format!(
            "--scale must be a positive number, not {}",
            args.scale
        ));
    }
    // One map into an existing folder is a batch of one.
    if let [map] = &args.maps[..]
        && !args.output.is_dir()
    {
        let format = match (Format::from_path(&args.output), args.format) {
            (Ok(f), Some(given)) if f != Format::from(given) => {
                return Err(format!(
                    "--format {} does not match the output file name {}",
                    Format::from(given).extension(),
                    args.output.display()
                ));
            }
            (Ok(f), _) => f,
            (Err(e), _) => return Err(e.to_string()),
        };
        return Ok(vec![(map.clone(), args.output.clone(), format)]);
    }
    if Format::from_path(&args.output).is_ok() {
        return Err(format!(
            "several maps were given, so -o must be a folder, not the file {}",
            args.output.display()
        ));
    }
    let format = args.format.map_or(Format::Png, Format::from);
    let mut jobs: Vec<(PathBuf, PathBuf, Format)> = Vec::new();
    for map in &args.maps {
        let stem = map.file_stem().unwrap_or_default();
        let out = args.output.join(stem).with_extension(format.extension());
        if let Some((other, ..)) = jobs.iter().find(|(_, o, _)| *o == out) {
            return Err(format!(
                "{} and {} would both be written to {}; export them separately",
                other.display(),
                map.display(),
                out.display()
            ));
        }
        jobs.push((map.clone(), out, format));
    }
    Ok(jobs)
}

fn export_one(
    args: &ExportArgs,
    map_path: &Path,
    out_path: &Path,
    format: Format,
) -> Result<(), (u8, String)> {
    let map = load_file(map_path).map_err(|e| (BAD_MAP, e.to_string()))?;
    // A map with a plan is drawn as planned on the --as-of date.
    let map = match args.as_of {
        Some(date) if map.plan.is_some() => crate::analysis::plan::as_of(&map, date),
        _ => map,
    };
    let map = crate::analysis::areas::view_map(&map, &args.view_of.view())
        .map_err(|e| (BAD_ARGS, format!("{}: {e}", map_path.display())))?;
    let view = match args.view {
        ViewArg::Fit => View::Fit,
        ViewArg::Rect(r) => View::Rect(r),
        ViewArg::Current => saved_view(&map).map_or(View::Fit, View::Rect),
    };
    let options = options(args, view);
    let bytes = export(&map, format, &options).map_err(|e| {
        let code = match e {
            ExportError::Render(_) => BAD_MAP,
            _ => BAD_ARGS,
        };
        (code, format!("{}: {e}", map_path.display()))
    })?;
    if let Some(dir) = out_path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| {
            (
                UNWRITABLE,
                format!("cannot create the folder {}: {e}", dir.display()),
            )
        })?;
    }
    let existed = out_path.exists();
    write_atomically(out_path, &bytes, false).map_err(|e| (UNWRITABLE, e.to_string()))?;
    if !existed {
        readable_by_all(out_path);
    }
    Ok(())
}

/// A new export is for sharing: readable by everyone, not the temporary file's 0600.
#[cfg(unix)]
fn readable_by_all(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    // Best effort: the file is written either way.
    let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o644));
}

#[cfg(not(unix))]
fn readable_by_all(_path: &Path) {}

/// The view the app stored in the file (`"view": {"x", "y", "width", "height"}` in map
/// units), if any.
fn saved_view(map: &crate::model::Map) -> Option<Rect> {
    let v = map.extra.get("view")?;
    let get = |k: &str| {
        v.get(k)
            .and_then(serde_json::Value::as_f64)
            .map(|f| f as f32)
    };
    let (x, y, w, h) = (get("x")?, get("y")?, get("width")?, get("height")?);
    (w > 0.0 && h > 0.0).then(|| Rect::from_min_size(Point::new(x, y), w, h))
}

fn options(args: &ExportArgs, view: View) -> ExportOptions {
    let size = match (args.paper, args.width, args.height) {
        (Some(PaperArg::A4), ..) => Size::Paper(Paper::A4),
        (Some(PaperArg::A3), ..) => Size::Paper(Paper::A3),
        (None, None, None) => Size::Auto,
        (None, width, height) => Size::Pixels { width, height },
    };
    let frame = if args.no_frame {
        FrameOptions::default()
    } else {
        FrameOptions {
            as_of: args.as_of,
            subtitle: args.subtitle.clone(),
            footer: args.footer.clone(),
            summary: args.summary,
            board_summary: args.board_summary,
            ..FrameOptions::board_pack()
        }
    };
    ExportOptions {
        scene: SceneOptions {
            theme: match args.theme {
                ThemeArg::Light => Theme::Light,
                ThemeArg::Print => Theme::Print,
            },
            presenter: args.presenter,
            frame,
            colour_by: args.colour_by.into(),
            today: Some(
                args.as_of
                    .unwrap_or_else(|| chrono::Local::now().date_naive()),
            ),
            ..SceneOptions::default()
        },
        size,
        scale: args.scale,
        background: if args.transparent {
            Background::Transparent
        } else {
            Background::White
        },
        view,
    }
}
