//! The `chainmap` binary: everything is in the library's `cli` module.

// Loading a province-scale dataset makes millions of small allocations on
// both cores; mimalloc serves them faster and returns pages in fewer system
// calls than the system allocator (docs/performance.md, "Allocator").
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    chainmap::cli::main()
}
