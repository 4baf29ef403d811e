//! Recent maps, recovery copies and file dialogs (issue 4).
