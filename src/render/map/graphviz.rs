//! Running the Graphviz `dot` program, and asking fontconfig (which
//! Graphviz uses) whether a Chinese font is installed.

use std::io::{ErrorKind, Read, Write};
use std::process::{Command, Stdio};

use super::MapError;

/// Whether `dot` can be run.
#[must_use]
pub fn dot_available() -> bool {
    Command::new("dot").arg("-V").stdout(Stdio::null()).stderr(Stdio::null()).status().is_ok_and(|s| s.success())
}

/// Lays out `dot` source with Graphviz and returns the output in `format`
/// (a `-T` value such as `svg`). `wanted` names the format the user asked
/// for, for the message when `dot` is missing.
pub fn run_dot(dot: &[u8], format: &str, wanted: &'static str) -> Result<Vec<u8>, MapError> {
    let mut child = match Command::new("dot")
        .arg(format!("-T{format}"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    {
        Ok(child) => child,
        Err(e) if e.kind() == ErrorKind::NotFound => return Err(MapError::DotMissing { format: wanted }),
        Err(e) => return Err(MapError::DotIo(e)),
    };
    let mut stdin = child.stdin.take().expect("piped stdin");
    let mut stderr = child.stderr.take().expect("piped stderr");
    // Feed stdin and drain stderr on their own threads so neither pipe fills up.
    let input = dot.to_vec();
    let feeder = std::thread::spawn(move || stdin.write_all(&input));
    let drainer = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stderr.read_to_string(&mut text);
        text
    });
    let mut out = Vec::new();
    child.stdout.take().expect("piped stdout").read_to_end(&mut out).map_err(MapError::DotIo)?;
    let status = child.wait().map_err(MapError::DotIo)?;
    let fed = feeder.join().unwrap_or_else(|_| Err(std::io::Error::other("stdin writer panicked")));
    let messages = drainer.join().unwrap_or_default();
    if !status.success() {
        return Err(MapError::DotFailed { status: status.to_string(), stderr: messages.trim().to_owned() });
    }
    fed.map_err(MapError::DotIo)?;
    Ok(out)
}

/// Whether fontconfig knows a font with Chinese glyphs (`fc-list :lang=zh`);
/// `None` when `fc-list` cannot be run (no fontconfig, as on Windows).
#[must_use]
pub fn fontconfig_has_cjk() -> Option<bool> {
    let output = Command::new("fc-list").args([":lang=zh", "family"]).stderr(Stdio::null()).output().ok()?;
    output.status.success().then(|| !output.stdout.iter().all(u8::is_ascii_whitespace))
}
