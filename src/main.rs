fn main() -> std::process::ExitCode {
    estate_map::cli::run()
}
