//! Work split over threads: parts run on at most N threads, results in part order, so a parallel run gives what a sequential one gives.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// Run `job` on every part, on at most `threads` threads (each takes the
/// next part not yet taken); results in part order.
pub fn on_threads<P: Send, T: Send>(
    threads: usize,
    parts: Vec<P>,
    job: impl Fn(P) -> T + Sync,
) -> Vec<T> {
    let n = parts.len();
    let parts: Vec<Mutex<Option<P>>> = parts.into_iter().map(|p| Mutex::new(Some(p))).collect();
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(part) = parts.get(i) else {
                return done;
            };
            let p = part
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .take()
                .expect("each part is taken once");
            done.push((i, job(p)));
        }
    };
    let mut results: Vec<(usize, T)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads.clamp(1, n.max(1)))
            .map(|_| scope.spawn(work))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("worker thread"))
            .collect()
    });
    results.sort_by_key(|(i, _)| *i);
    results.into_iter().map(|(_, t)| t).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_back_in_part_order_whatever_the_threads() {
        let parts: Vec<u64> = (0..37).collect();
        let want: Vec<u64> = parts.iter().map(|p| p * p).collect();
        for threads in [0, 1, 2, 5, 64] {
            assert_eq!(
                on_threads(threads, parts.clone(), |p| p * p),
                want,
                "{threads}"
            );
        }
        assert!(on_threads(4, Vec::<u8>::new(), |p| p).is_empty());
    }
}
