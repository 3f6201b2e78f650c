//! Running the Graphviz `dot` program (with a time limit, and never
//! leaving it running behind chainmap), and asking fontconfig (which
//! Graphviz uses) whether a Chinese font is installed.

use std::io::{ErrorKind, Read, Write};
use std::process::{Command, Stdio};
use std::time::Duration;

use wait_timeout::ChildExt;

use super::MapError;
use crate::scratch;

/// Whether `dot` can be run.
#[must_use]
pub fn dot_available() -> bool {
    Command::new("dot").arg("-V").stdout(Stdio::null()).stderr(Stdio::null()).status().is_ok_and(|s| s.success())
}

/// How long Graphviz may take to lay out one flow map unless told
/// otherwise. The shipped chains take well under a second; a 2,000-link
/// chain can take minutes, and its map is unreadable anyway.
pub const DOT_TIMEOUT: Duration = Duration::from_mins(1);

/// Lays out `dot` source with Graphviz and returns the output in `format`
/// (a `-T` value such as `svg`). `wanted` names the format the user asked
/// for, for the message when `dot` is missing; `chain` names the chain, for
/// the message when `dot` takes longer than `limit` and is stopped.
///
/// The child is registered with [`scratch`] while it runs, so an
/// interrupted chainmap does not leave it behind.
pub fn run_dot(
    dot: &[u8],
    format: &str,
    wanted: &'static str,
    chain: &str,
    limit: Option<Duration>,
) -> Result<Vec<u8>, MapError> {
    let mut command = Command::new("dot");
    command.arg(format!("-T{format}")).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped());
    let (mut child, registration) = match scratch::spawn_killed_on_interrupt(&mut command) {
        Ok(spawned) => spawned,
        Err(e) if e.kind() == ErrorKind::NotFound => return Err(MapError::DotMissing { format: wanted }),
        Err(e) => return Err(MapError::DotIo(e)),
    };
    let mut stdin = child.stdin.take().expect("piped stdin");
    let mut stdout = child.stdout.take().expect("piped stdout");
    let mut stderr = child.stderr.take().expect("piped stderr");
    // Feed stdin and drain stdout and stderr on their own threads so no pipe
    // fills up while this one waits for the child with a time limit.
    let input = dot.to_vec();
    let feeder = std::thread::spawn(move || stdin.write_all(&input));
    let reader = std::thread::spawn(move || {
        let mut out = Vec::new();
        stdout.read_to_end(&mut out).map(|_| out)
    });
    let drainer = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stderr.read_to_string(&mut text);
        text
    });
    let waited = match limit {
        Some(limit) => child.wait_timeout(limit),
        None => child.wait().map(Some),
    };
    let status = match waited {
        Ok(Some(status)) => status,
        Ok(None) => {
            // Killing closes its pipes, so the three threads end.
            let _ = child.kill();
            let _ = child.wait();
            drop(registration);
            let _ = (feeder.join(), reader.join(), drainer.join());
            return Err(MapError::DotTimeout { chain: chain.to_owned(), limit: limit.unwrap_or_default() });
        }
        Err(e) => {
            let _ = child.kill();
            let _ = child.wait();
            return Err(MapError::DotIo(e));
        }
    };
    drop(registration);
    let out = reader.join().unwrap_or_else(|_| Err(std::io::Error::other("stdout reader panicked")));
    let fed = feeder.join().unwrap_or_else(|_| Err(std::io::Error::other("stdin writer panicked")));
    let messages = drainer.join().unwrap_or_default();
    if !status.success() {
        return Err(MapError::DotFailed { status: status.to_string(), stderr: messages.trim().to_owned() });
    }
    fed.map_err(MapError::DotIo)?;
    out.map_err(MapError::DotIo)
}

/// Whether fontconfig knows a font with Chinese glyphs (`fc-list :lang=zh`);
/// `None` when `fc-list` cannot be run (no fontconfig, as on Windows).
#[must_use]
pub fn fontconfig_has_cjk() -> Option<bool> {
    let output = Command::new("fc-list").args([":lang=zh", "family"]).stderr(Stdio::null()).output().ok()?;
    output.status.success().then(|| !output.stdout.iter().all(u8::is_ascii_whitespace))
}
