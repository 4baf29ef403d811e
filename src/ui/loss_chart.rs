//! The estate's loss-exceedance curve in the insight panel (egui_plot): for each amount,
//! the chance that the estate's expected annual loss is higher.

use crate::analysis::MoneyAnalysis;
use crate::analysis::money::format_gbp_short;
use egui::Ui;
use egui_plot::{HoverPosition, Line, Plot, PlotPoints};

pub fn loss_chart_ui(ui: &mut Ui, money: Option<&MoneyAnalysis>) {
    let Some(money) = money else {
        ui.label("Working out expected losses\u{2026}");
        return;
    };
    ui.label(format!(
        "Expected annual loss of the whole estate: {} ({} draws). Estimates: the trust \
         should own their inputs (docs/analysis.md).",
        money.estate().describe(),
        money.draws()
    ));
    let points: PlotPoints = money
        .exceedance_curve()
        .iter()
        .map(|p| [p.loss_gbp, p.probability * 100.0])
        .collect();
    Plot::new("loss exceedance")
        .x_axis_label("Expected annual loss of the estate")
        .y_axis_label("Chance of exceeding (%)")
        .x_axis_formatter(|mark, _| format_gbp_short(mark.value))
        .y_axis_formatter(|mark, _| format!("{:.0} %", mark.value))
        .include_y(0.0)
        .include_y(100.0)
        .include_x(0.0)
        .allow_drag(false)
        .allow_scroll(false)
        .allow_zoom(false)
        .label_formatter(|hover| {
            let (HoverPosition::NearDataPoint { position, .. }
            | HoverPosition::Elsewhere { position }) = *hover;
            Some(format!(
                "{:.0} % chance of more than {}",
                position.y.clamp(0.0, 100.0),
                format_gbp_short(position.x)
            ))
        })
        .show(ui, |plot| {
            plot.line(Line::new("Loss exceedance", points).width(2.0));
        });
}
