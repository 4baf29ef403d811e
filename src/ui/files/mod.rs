//! Recent maps, recovery copies, file dialogs and on-disk checks (issue 4).
//!
//! Plain logic with no egui: the app calls it, tests drive it with injected folders,
//! clocks and dialog answers. Nothing here ever writes to a user's map file except
//! [`disk::save_map`], which the app calls only on Save.

pub mod dialogs;
pub mod disk;
pub mod recent;
pub mod recovery;
mod session;
pub mod watch;

mod app_dirs;

pub use app_dirs::AppDirs;

/// 64-bit FNV-1a: stable across Rust releases (unlike `DefaultHasher`), so recovery
/// file names stay the same from one version to the next; also tells a touched file
/// from a changed one.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}
