fn main() -> std::process::ExitCode {
    chainmap::cli::main()
}
