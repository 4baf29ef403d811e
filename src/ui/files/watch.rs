//! Watching the open map files for changes made by other programs, off the UI thread,
//! so an idle window does no work: a background thread waits on the system's file
//! notifications (`notify`) for each file's folder and, a moment after a burst of
//! events for a watched file settles, marks the file changed and calls `wake` (the app
//! asks for one frame, which compares the file with its stamp). Where notifications are
//! unavailable (no inotify left, a network share refusing them) the thread polls the
//! file's size and modified time every few seconds instead, still off the UI thread.

use notify::{RecursiveMode, Watcher};
use std::collections::{HashMap, HashSet};
use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant, SystemTime};

/// How long events for a file must settle before the app is woken: one save by another
/// program is several events (create, write, rename).
const DEBOUNCE: Duration = Duration::from_millis(400);
/// How often a file that cannot be watched is looked at instead.
const POLL_EVERY: Duration = Duration::from_secs(3);

type Wake = Box<dyn Fn() + Send>;

enum Message {
    Watch(PathBuf),
    Event(notify::Result<notify::Event>),
    Stop,
}

/// The watch on the open files; dropping it stops the thread.
pub struct DiskWatch {
    sender: Sender<Message>,
    watched: HashSet<PathBuf>,
    changed: Arc<Mutex<HashSet<PathBuf>>>,
}

impl DiskWatch {
    /// Starts the watching thread; `wake` is called (from it) after a watched file
    /// changed.
    pub fn start(wake: impl Fn() + Send + 'static) -> Self {
        Self::start_with(wake, true)
    }

    /// Like [`start`](Self::start), but `notifications: false` polls every file, as
    /// where the system cannot watch them (tests).
    pub fn start_with(wake: impl Fn() + Send + 'static, notifications: bool) -> Self {
        let (sender, receiver) = mpsc::channel();
        let changed = Arc::new(Mutex::new(HashSet::new()));
        let thread = WatchThread {
            receiver,
            watcher: notifications.then(|| watcher(sender.clone())).flatten(),
            changed: changed.clone(),
            wake: Box::new(wake),
            dirs: HashSet::new(),
            by_name: HashMap::new(),
            polled: HashMap::new(),
            pending: HashSet::new(),
            due: None,
            next_poll: Instant::now() + POLL_EVERY,
        };
        // Without a thread nothing wakes the app, which still checks on frames it draws.
        let _ = thread::Builder::new()
            .name("estate-map disk watch".into())
            .spawn(move || thread.run());
        Self {
            sender,
            watched: HashSet::new(),
            changed,
        }
    }

    /// Watches `path` from now on; true the first time, when the caller should compare
    /// the file at once (it may have changed before the watch began).
    pub fn watch(&mut self, path: &Path) -> bool {
        if self.watched.contains(path) {
            return false;
        }
        self.watched.insert(path.to_path_buf());
        let _ = self.sender.send(Message::Watch(path.to_path_buf()));
        true
    }

    /// Whether `path` changed since the last call (and forgets it).
    pub fn take_changed(&self, path: &Path) -> bool {
        self.changed.lock().is_ok_and(|mut c| c.remove(path))
    }
}

impl Drop for DiskWatch {
    fn drop(&mut self) {
        let _ = self.sender.send(Message::Stop);
    }
}

fn watcher(sender: Sender<Message>) -> Option<notify::RecommendedWatcher> {
    notify::recommended_watcher(move |event| {
        let _ = sender.send(Message::Event(event));
    })
    .ok()
}

/// A file's size and modified time, for polling.
type Seen = Option<(u64, Option<SystemTime>)>;

fn seen(path: &Path) -> Seen {
    fs::metadata(path)
        .ok()
        .map(|m| (m.len(), m.modified().ok()))
}

struct WatchThread {
    receiver: Receiver<Message>,
    watcher: Option<notify::RecommendedWatcher>,
    changed: Arc<Mutex<HashSet<PathBuf>>>,
    wake: Wake,
    /// Folders watched through notifications.
    dirs: HashSet<PathBuf>,
    /// Files watched through notifications, by file name (events name the file).
    by_name: HashMap<OsString, Vec<PathBuf>>,
    /// Files that could not be watched, with what was last seen of them.
    polled: HashMap<PathBuf, Seen>,
    /// Files with events not yet settled.
    pending: HashSet<PathBuf>,
    due: Option<Instant>,
    next_poll: Instant,
}

impl WatchThread {
    fn run(mut self) {
        loop {
            let message = match self.next_deadline() {
                Some(at) => self
                    .receiver
                    .recv_timeout(at.saturating_duration_since(Instant::now())),
                None => self
                    .receiver
                    .recv()
                    .map_err(|_| RecvTimeoutError::Disconnected),
            };
            match message {
                Ok(Message::Watch(path)) => self.add(path),
                Ok(Message::Event(Ok(event))) => self.on_event(&event),
                Ok(Message::Event(Err(_))) | Err(RecvTimeoutError::Timeout) => {}
                Ok(Message::Stop) | Err(RecvTimeoutError::Disconnected) => return,
            }
            let now = Instant::now();
            if self.due.is_some_and(|due| due <= now) {
                self.due = None;
                let files: Vec<_> = self.pending.drain().collect();
                self.report(files);
            }
            if !self.polled.is_empty() && self.next_poll <= now {
                self.next_poll = now + POLL_EVERY;
                self.poll();
            }
        }
    }

    fn next_deadline(&self) -> Option<Instant> {
        let poll = (!self.polled.is_empty()).then_some(self.next_poll);
        match (self.due, poll) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    fn add(&mut self, path: PathBuf) {
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let watching = self.dirs.contains(&dir)
            || self.watcher.as_mut().is_some_and(|w| {
                let ok = w.watch(&dir, RecursiveMode::NonRecursive).is_ok();
                ok && self.dirs.insert(dir.clone())
            });
        match path.file_name() {
            Some(name) if watching => {
                let files = self.by_name.entry(name.to_os_string()).or_default();
                files.push(path);
            }
            _ => {
                if self.polled.is_empty() {
                    self.next_poll = Instant::now() + POLL_EVERY;
                }
                let now = seen(&path);
                self.polled.insert(path, now);
            }
        }
    }

    fn on_event(&mut self, event: &notify::Event) {
        if event.kind.is_access() {
            return;
        }
        for path in &event.paths {
            let Some(files) = path.file_name().and_then(|n| self.by_name.get(n)) else {
                continue;
            };
            self.pending.extend(files.iter().cloned());
            self.due.get_or_insert_with(|| Instant::now() + DEBOUNCE);
        }
    }

    fn poll(&mut self) {
        let mut changed = Vec::new();
        for (path, last) in &mut self.polled {
            let now = seen(path);
            if now != *last {
                *last = now;
                changed.push(path.clone());
            }
        }
        self.report(changed);
    }

    fn report(&self, files: Vec<PathBuf>) {
        if files.is_empty() {
            return;
        }
        if let Ok(mut changed) = self.changed.lock() {
            changed.extend(files);
        }
        (self.wake)();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    fn wait_for(watch: &DiskWatch, path: &Path, within: Duration) -> bool {
        let end = Instant::now() + within;
        while Instant::now() < end {
            if watch.take_changed(path) {
                return true;
            }
            thread::sleep(Duration::from_millis(20));
        }
        false
    }

    fn check(notifications: bool, within: Duration) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ward.json");
        let other = dir.path().join("other.json");
        fs::write(&path, b"mine").unwrap();
        fs::write(&other, b"not watched").unwrap();
        let wakes = Arc::new(AtomicUsize::new(0));
        let counter = wakes.clone();
        let mut watch = DiskWatch::start_with(
            move || {
                counter.fetch_add(1, Ordering::SeqCst);
            },
            notifications,
        );
        assert!(watch.watch(&path), "the first watch asks for a check");
        assert!(!watch.watch(&path));
        // Let the thread take the watch before anything changes.
        thread::sleep(Duration::from_millis(100));

        fs::write(&other, b"changed, but not ours").unwrap();
        thread::sleep(DEBOUNCE * 2);
        assert!(!watch.take_changed(&path));
        assert_eq!(wakes.load(Ordering::SeqCst), 0, "no wake for another file");

        // Another program saves the way we do: a new file renamed over the old.
        let tmp = dir.path().join("theirs.tmp");
        fs::write(&tmp, b"theirs, longer").unwrap();
        fs::rename(&tmp, &path).unwrap();
        assert!(wait_for(&watch, &path, within), "the change is noticed");
        assert!(wakes.load(Ordering::SeqCst) >= 1, "and the app is woken");
        assert!(!watch.take_changed(&path), "once");
    }

    #[test]
    fn a_watched_file_changed_by_another_program_wakes_the_app() {
        check(true, Duration::from_secs(2));
    }

    #[test]
    fn without_notifications_the_file_is_polled_off_the_ui_thread() {
        check(false, POLL_EVERY * 2);
    }
}
