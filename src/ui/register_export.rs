//! Register > Export CSV…: the risk register, as the filter shows it, in the CSV that
//! `estate-map report --format csv` writes, for a trust's risk register spreadsheet.

use super::app::EstateApp;
use super::files::dialogs;
use crate::analysis::report::{Report, ReportFormat};
use crate::model::write_atomically;
use std::path::Path;

impl EstateApp {
    pub(super) fn export_register_csv(&mut self) {
        let Some(filter) = self.insight.register.filter() else {
            self.status
                .error("Nothing to export: tick at least one status to show");
            return;
        };
        self.refresh_analysis();
        let Some(analysis) = self.insight.analysis() else {
            return;
        };
        let csv = match Report::new(&self.doc.map, analysis, &filter).render(ReportFormat::Csv) {
            Ok(csv) => csv,
            Err(e) => {
                self.status
                    .error(format!("Could not write the register: {e}"));
                return;
            }
        };
        let title = format!("{} risk register", self.doc.map.title);
        let start_dir = self.doc.path.as_deref().and_then(Path::parent);
        let chosen =
            dialogs::ask_export_path(self.files.dialogs.as_mut(), &title, "csv", start_dir);
        let Some(path) = chosen else {
            self.status.info("Register export cancelled");
            return;
        };
        match write_atomically(&path, csv.as_bytes(), false) {
            Ok(()) => self
                .status
                .info(format!("Saved the risk register to {}", path.display())),
            Err(e) => self
                .status
                .error(format!("Could not save the risk register: {e}")),
        }
    }
}
