//! Reports: filled next.
