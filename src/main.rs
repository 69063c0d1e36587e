//! The `appealpress` binary; everything lives in the library's `cli` module.

fn main() -> std::process::ExitCode {
    appealpress::cli::main()
}
