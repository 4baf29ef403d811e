//! The analysis of a big map runs on a worker thread after an edit, so that the frame
//! after the edit does not wait for it (about 30 ms at 10,000 components). The canvas
//! draws the edited map at once; what reads the analysis (impact dimming, register,
//! checks, the inspector's risk section) shows the last analysis, with the copy of the
//! map it was made from, until the new one arrives a frame or a few later. One job runs
//! at a time: edits made while it runs wait for it, and the next refresh then starts a
//! job for the map as it is then.

use super::money_job::MoneyKey;
use crate::analysis::Analysis;
use crate::model::Map;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, channel};

/// Maps with more components than this are analysed on a worker after an edit; smaller
/// ones (a few milliseconds) in the frame, so their results are never a frame late.
pub const ASYNC_ABOVE: usize = 2_000;

/// An analysis and the copy of the map it was computed from.
pub struct Analysed {
    pub key: MoneyKey,
    pub map: Arc<Map>,
    /// Shared with the money job, which would otherwise analyse the map again.
    pub analysis: Arc<Analysis>,
}

#[derive(Default)]
pub struct AnalysisJob {
    running: Option<(MoneyKey, Receiver<Analysed>)>,
}

impl AnalysisJob {
    /// Analyses `map` on a worker; `repaint` is called from it when it is done.
    pub fn start(&mut self, key: MoneyKey, map: Arc<Map>, repaint: impl Fn() + Send + 'static) {
        let (send, receive) = channel();
        std::thread::spawn(move || {
            let analysis = Arc::new(Analysis::new(&map, key.today));
            // The receiver is gone when the document was replaced: fine.
            let _ = send.send(Analysed { key, map, analysis });
            repaint();
        });
        self.running = Some((key, receive));
    }

    /// Whether a job is running (for any revision).
    pub fn running(&self) -> bool {
        self.running.is_some()
    }

    /// The finished job's result, if it has finished.
    pub fn poll(&mut self) -> Option<Analysed> {
        let analysed = self.running.as_ref()?.1.try_recv().ok()?;
        self.running = None;
        Some(analysed)
    }

    /// Waits for the running job, if any.
    pub fn wait(&mut self) -> Option<Analysed> {
        let (_, receive) = self.running.take()?;
        receive.recv().ok()
    }

    /// Drops the running job (its result would belong to another document).
    pub fn forget(&mut self) {
        self.running = None;
    }
}

/// Drops `value` on a worker: freeing a big map's analysis or copy (thousands of
/// allocations, a few milliseconds at 10,000 components) is no work for the UI thread.
pub fn drop_off_thread<T: Send + 'static>(value: T) {
    // Without a thread to be had, the value is dropped here with the closure.
    let _ = std::thread::Builder::new().spawn(move || drop(value));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::generate::generate;

    #[test]
    fn a_job_returns_the_analysis_of_its_copy_of_the_map() {
        let map = Arc::new(generate(80, 3));
        let key = MoneyKey {
            revision: 7,
            components: map.components.len(),
            today: "2026-03-15".parse().unwrap(),
        };
        let mut job = AnalysisJob::default();
        job.start(key, map.clone(), || {});
        assert!(job.running());
        let done = job.wait().expect("done");
        assert!(!job.running() && job.poll().is_none());
        assert_eq!(done.key, key);
        assert!(Arc::ptr_eq(&done.map, &map));
        let direct = Analysis::new(&map, key.today);
        assert_eq!(done.analysis.checks(), direct.checks());
        let ids: Vec<_> = map.components.iter().map(|c| &c.id).collect();
        for id in ids {
            assert_eq!(done.analysis.component(id), direct.component(id));
        }
    }
}
