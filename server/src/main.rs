//! The `petrel` binary: see `petrel --help`.
fn main() -> std::process::ExitCode {
    petrel::cli::main()
}
