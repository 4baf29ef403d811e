//! Register > Export CSV…: the risk register, as the filter shows it, in the CSV that
//! `estate-map report --format csv` writes, for a trust's risk register spreadsheet.

use super::app::EstateApp;
use super::file_export::RenderedFile;
use crate::analysis::report::{Report, ReportFormat};

impl EstateApp {
    pub(super) fn export_register_csv(&mut self) {
        let Some(filter) = self.insight.register.filter() else {
            self.status
                .error("Nothing to export: tick at least one status to show");
            return;
        };
        // The same pounds and harm columns as the panel: wait for the figures if needed.
        let money = self.wait_for_money();
        let Some(analysis) = self.insight.analysis() else {
            return;
        };
        let mut report = Report::new(&self.doc.map, analysis, &filter);
        if let Some(money) = &money {
            report = report.with_money(money, self.insight.register.rank_by_for(money));
        }
        let csv = match report.render(ReportFormat::Csv) {
            Ok(csv) => csv,
            Err(e) => {
                self.status
                    .error(format!("Could not write the register: {e}"));
                return;
            }
        };
        self.save_rendered_file(RenderedFile {
            bytes: csv.into_bytes(),
            ext: "csv",
            what: "risk register",
            title: format!("{} risk register", self.doc.map.title),
        });
    }
}
