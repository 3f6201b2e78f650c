//! Ctrl-C, SIGTERM and SIGHUP: undo what the run has registered with
//! [`scratch`] (staging directories, half-written output, Graphviz
//! children), say so, and exit with 128 + the signal's number (130 for
//! Ctrl-C, 143 for SIGTERM), as a shell reports a process the signal ended.
//!
//! On platforms without Unix signals nothing is installed; Ctrl-C there ends
//! the process, and the next run removes what it left (see
//! `render::outdir`).

use crate::scratch;

/// Starts a thread that waits for an interrupting signal.
pub fn install() {
    #[cfg(unix)]
    {
        use std::io::Write;

        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
        let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) else { return };
        let _ = std::thread::Builder::new().name("signals".to_owned()).spawn(move || {
            if let Some(signal) = signals.forever().next() {
                scratch::clean_up();
                let name = match signal {
                    SIGINT => "interrupted",
                    SIGTERM => "terminated",
                    _ => "hung up",
                };
                let _ = writeln!(
                    std::io::stderr(),
                    "\nchainmap: {name}; unfinished output removed, earlier output left as it was"
                );
                std::process::exit(128 + signal);
            }
        });
    }
}
