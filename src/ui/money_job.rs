//! The money analysis (thousands of Monte Carlo draws) runs on a worker thread so that
//! editing never waits for it: a map revision starts a job on a copy of the map, the
//! newest result is kept, and a stale one is dropped. One job runs at a time: edits
//! made while it runs (a drag, keys held down) start no job of their own, and when it
//! ends the next refresh starts one for the map as it is then, so a burst of edits on
//! a big map copies it once per job, not once per edit.

use crate::analysis::{Analysis, MoneyAnalysis};
use crate::model::Map;
use chrono::NaiveDate;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, channel};

/// What a money result was computed from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MoneyKey {
    pub revision: u64,
    pub components: usize,
    pub today: NaiveDate,
}

#[derive(Default)]
pub struct MoneyJob {
    result: Option<(MoneyKey, Arc<MoneyAnalysis>)>,
    running: Option<(MoneyKey, Receiver<MoneyAnalysis>)>,
}

impl MoneyJob {
    /// Starts a job for `key` unless its result is here or on its way; takes in a
    /// finished job's result. `map` gives the map to copy, asked only when a job
    /// starts; `repaint` is called from the worker when it is done.
    pub fn refresh(
        &mut self,
        key: MoneyKey,
        map: impl FnOnce() -> Arc<Map>,
        analysis: Arc<Analysis>,
        repaint: impl Fn() + Send + 'static,
    ) {
        self.poll();
        let wanted = |k: &MoneyKey| *k == key;
        if self.result.as_ref().is_some_and(|(k, _)| wanted(k))
            || self.running.as_ref().is_some_and(|(k, _)| wanted(k))
        {
            return;
        }
        if self.running.is_some() {
            // A stale job: its end repaints, and the refresh of that frame starts ours.
            return;
        }
        self.start(key, map(), analysis, repaint);
    }

    /// Starts the job for `key` on `map`, whose analysis (for the same key) is given.
    fn start(
        &mut self,
        key: MoneyKey,
        map: Arc<Map>,
        analysis: Arc<Analysis>,
        repaint: impl Fn() + Send + 'static,
    ) {
        let (send, receive) = channel();
        std::thread::spawn(move || {
            // The receiver is gone when a newer revision replaced the job: fine.
            let _ = send.send(MoneyAnalysis::new(&map, &analysis));
            repaint();
        });
        self.running = Some((key, receive));
    }

    fn poll(&mut self) {
        if let Some((key, receive)) = &self.running
            && let Ok(money) = receive.try_recv()
        {
            let old = self.result.replace((*key, Arc::new(money)));
            super::analysis_job::drop_off_thread(old);
            self.running = None;
        }
    }

    /// The result for `key`, if it is done.
    pub fn get(&self, key: MoneyKey) -> Option<Arc<MoneyAnalysis>> {
        self.result
            .as_ref()
            .filter(|(k, _)| *k == key)
            .map(|(_, money)| Arc::clone(money))
    }

    /// Waits for the figures for `key` (exports that need them now), starting their
    /// job if a stale one was running.
    pub fn wait(&mut self, key: MoneyKey, map: impl FnOnce() -> Arc<Map>, analysis: Arc<Analysis>) {
        let mut map = Some(map);
        for _ in 0..2 {
            if let Some((running, receive)) = self.running.take()
                && let Ok(money) = receive.recv()
            {
                self.result = Some((running, Arc::new(money)));
            }
            if self.get(key).is_some() {
                return;
            }
            match map.take() {
                Some(map) => self.start(key, map(), analysis.clone(), || {}),
                None => return,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::generate::generate;

    #[test]
    fn a_job_delivers_the_figures_for_its_revision_only() {
        let map = Arc::new(generate(60, 2));
        let key = MoneyKey {
            revision: 1,
            components: map.components.len(),
            today: "2026-03-15".parse().unwrap(),
        };
        let analysis = Arc::new(Analysis::new(&map, key.today));
        let mut job = MoneyJob::default();
        job.refresh(key, || map.clone(), analysis.clone(), || {});
        job.wait(key, || map.clone(), analysis.clone());
        let money = job.get(key).expect("done");
        assert_eq!(*money, MoneyAnalysis::new(&map, &analysis));
        assert!(job.get(MoneyKey { revision: 2, ..key }).is_none());
    }

    #[test]
    fn edits_while_a_job_runs_wait_for_it_and_then_get_their_own() {
        let map = Arc::new(generate(60, 2));
        let copy = || map.clone();
        let key = |revision| MoneyKey {
            revision,
            components: map.components.len(),
            today: "2026-03-15".parse().unwrap(),
        };
        let analysis = Arc::new(Analysis::new(&map, key(1).today));
        let mut job = MoneyJob::default();
        job.refresh(key(1), copy, analysis.clone(), || {});
        job.refresh(key(2), || unreachable!(), analysis.clone(), || {});
        job.refresh(key(3), || unreachable!(), analysis.clone(), || {});
        // Only the first job was started: the edits after it wait for its end.
        assert_eq!(job.running.as_ref().map(|(k, _)| k.revision), Some(1));
        job.wait(key(3), copy, analysis.clone());
        assert!(job.get(key(3)).is_some(), "the newest revision's figures");
        assert!(job.get(key(1)).is_none() && job.running.is_none());
        // A refresh after a finished stale job starts the current one at once.
        let (send, receive) = channel();
        job.running = Some((key(4), receive));
        send.send(MoneyAnalysis::new(&map, &analysis)).unwrap();
        job.refresh(key(5), copy, analysis, || {});
        assert!(job.get(key(4)).is_some(), "the stale result taken in");
        assert_eq!(job.running.as_ref().map(|(k, _)| k.revision), Some(5));
    }
}
