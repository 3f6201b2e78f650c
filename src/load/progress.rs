//! A hook through which a long load reports how far it has got. The library
//! never prints: the command line turns these calls into a progress bar.

/// Receives the progress of one load. Calls may come from several threads.
pub trait LoadProgress: Sync {
    /// The load starts; `total` is the byte size of the dataset's files.
    fn start(&self, total: u64) {
        let _ = total;
    }
    /// Now reading `file` (as shown in messages).
    fn file(&self, file: &str) {
        let _ = file;
    }
    /// `bytes` more bytes were read and checked.
    fn advance(&self, bytes: u64) {
        let _ = bytes;
    }
    /// The load is over, whether it succeeded or not.
    fn finish(&self) {}
}

/// Reports nothing.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoProgress;

impl LoadProgress for NoProgress {}
