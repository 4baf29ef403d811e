//! `estate-map generate`: a synthetic estate for benchmarks and tests.

use crate::model::{generate::generate, save_file, to_json_bytes};
use clap::Args;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args, Debug)]
pub struct GenerateArgs {
    /// How many components.
    #[arg(long, default_value_t = 1000)]
    pub components: usize,
    /// Seed: the same seed always gives the same map.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Output file (standard output if omitted).
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

pub fn run(args: &GenerateArgs) -> ExitCode {
    let map = generate(args.components, args.seed);
    let result = match &args.output {
        Some(path) => save_file(&map, path).map_err(|e| e.to_string()),
        None => std::io::stdout()
            .write_all(&to_json_bytes(&map))
            .map_err(|e| format!("cannot write to standard output: {e}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(2)
        }
    }
}
