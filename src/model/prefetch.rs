//! A hint that a cache line will be read soon.
//!
//! A plain read of the line (`black_box`) also brings it in, but the
//! processor cannot retire the read, nor anything after it, until memory
//! answers: a few such reads in flight fill its reorder buffer and it
//! stops. A prefetch retires at once, so look-ups taken a few keys apart
//! overlap their waits for memory (docs/performance.md, step 20).

/// Asks for the cache line holding `at`; a no-op where the architecture
/// offers no safe prefetch.
#[inline]
pub fn prefetch<T>(at: &T) {
    #[cfg(target_arch = "x86_64")]
    safe_arch::prefetch_t0(at);
    #[cfg(not(target_arch = "x86_64"))]
    let _ = at;
}
