//! Where the app keeps its own files: the recent list in the platform config folder,
//! recovery copies in the platform data folder.

use directories::ProjectDirs;
use std::path::{Path, PathBuf};

/// The app's config and data folders. Tests point both under a temporary folder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AppDirs {
    config: PathBuf,
    data: PathBuf,
}

impl AppDirs {
    /// The platform folders, e.g. `~/.config/estate-map` and `~/.local/share/estate-map`
    /// on Linux (honouring `XDG_CONFIG_HOME` / `XDG_DATA_HOME`). `None` when the platform
    /// has no home folder; the app then runs without recent list or recovery.
    pub fn platform() -> Option<Self> {
        let dirs = ProjectDirs::from("uk.nhs", "Estate Map", "estate-map")?;
        Some(Self {
            config: dirs.config_dir().to_path_buf(),
            data: dirs.data_dir().to_path_buf(),
        })
    }

    /// `base/config` and `base/data`: for tests and portable installs.
    pub fn under(base: &Path) -> Self {
        Self {
            config: base.join("config"),
            data: base.join("data"),
        }
    }

    /// The recent-maps list (JSON).
    pub fn recent_file(&self) -> PathBuf {
        self.config.join("recent.json")
    }

    /// The folder holding recovery copies of unsaved maps.
    pub fn recovery_dir(&self) -> PathBuf {
        self.data.join("recovery")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn injected_base_keeps_config_and_data_apart() {
        let dirs = AppDirs::under(Path::new("/tmp/x"));
        assert_eq!(dirs.recent_file(), Path::new("/tmp/x/config/recent.json"));
        assert_eq!(dirs.recovery_dir(), Path::new("/tmp/x/data/recovery"));
    }
}
