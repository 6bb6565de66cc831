//! Isolation: document parsers run in worker processes, snuffel's own binary re-executed.
//!
//! Parsing someone else's format with someone else's crate can fail in two ways no
//! `catch_unwind` stops: a stack overflow and a failed allocation abort the process. So, as
//! Apache Tika's forked parser does, each document goes to a worker process (`snuffel
//! __worker`) that runs under an address-space limit and a deadline. A worker that dies or
//! hangs is killed and replaced; its document is reported with the reason, and the scan goes
//! on. Workers are kept and reused: starting one costs about a millisecond.
//!
//! The wire: length-prefixed postcard frames. The scan sends a `Request` (and the document's
//! bytes when it has no path: standard input, a document inside something else); the worker
//! answers with the same `Reply` messages an in-process extractor gives, ending in `Done`.
//!
//! `Isolation::InProcess` runs extractors on a thread of the scanning process instead: for
//! library users and tests, where re-executing the current binary would not start snuffel.

use std::io::{self, BufReader, BufWriter, Read, Write};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, RecvTimeoutError};
use serde::{Deserialize, Serialize};
use std::collections::VecDeque as Queue;

use super::document::{self, human_bytes, Container, Limits, Outcome, Reply, Stop};

/// Time a worker gets beyond the document's own time budget, which it checks itself: past
/// this, it is stuck somewhere that does not look at the clock, and is killed.
const GRACE: Duration = Duration::from_secs(5);
/// Largest frame accepted from a worker: a paragraph or page is far smaller.
const MAX_FRAME: u32 = 256 << 20;
/// Replies buffered between a worker and the scan.
const QUEUE: usize = 256;

/// How document extractors run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Isolation {
    /// On a thread of this process: no protection from aborts.
    InProcess,
    /// In worker processes started from `exe`, each limited to `memory` bytes of address space.
    Workers { exe: PathBuf, memory: u64 },
}

/// What a worker is asked to read.
#[derive(Debug, Serialize, Deserialize)]
struct Request {
    container: Container,
    /// A path to open, or the number of bytes that follow the request.
    path: Option<PathBuf>,
    inline: u64,
    limits: Limits,
}

pub use super::document::DocSource;

/// Runs extractors, in worker processes or in-process, and keeps idle workers for reuse.
pub struct Extractors {
    isolation: Isolation,
    idle: Mutex<Vec<Worker>>,
}

impl Extractors {
    pub fn new(isolation: Isolation) -> Self {
        Extractors {
            isolation,
            idle: Mutex::new(Vec::new()),
        }
    }

    /// Starts reading one document; its replies come from the returned stream.
    pub fn run(
        self: &Arc<Self>,
        container: Container,
        source: DocSource,
        limits: Limits,
    ) -> Replies {
        let deadline = Instant::now() + limits.timeout + GRACE;
        match &self.isolation {
            Isolation::InProcess => Replies {
                rx: run_in_thread(container, source, limits),
                queue: Queue::new(),
                worker: None,
                pool: self.clone(),
                deadline,
                timeout: limits.timeout,
                ended: false,
            },
            Isolation::Workers { exe, memory } => {
                let fresh = || {
                    Worker::spawn(exe, *memory)
                        .and_then(|mut w| w.send(container, &source, limits).map(|()| w))
                };
                // An idle worker may have died since (killed from outside): then start anew.
                let started = match self.take_idle() {
                    Some(mut idle) => match idle.send(container, &source, limits) {
                        Ok(()) => Ok(idle),
                        Err(_) => fresh(),
                    },
                    None => fresh(),
                };
                match started {
                    Ok(worker) => Replies {
                        rx: worker.rx.clone(),
                        queue: Queue::new(),
                        worker: Some(worker),
                        pool: self.clone(),
                        deadline,
                        timeout: limits.timeout,
                        ended: false,
                    },
                    Err(e) => Replies::failed(self.clone(), format!("cannot start a worker: {e}")),
                }
            }
        }
    }

    fn take_idle(&self) -> Option<Worker> {
        self.idle.lock().unwrap_or_else(|e| e.into_inner()).pop()
    }

    fn give_back(&self, worker: Worker) {
        self.idle
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(worker);
    }
}

/// The replies of one document. Always ends with one `Done`: a worker that dies or hangs
/// gives a `Done(Error)` saying so.
pub struct Replies {
    rx: Receiver<Vec<Reply>>,
    /// The rest of the batch being read.
    queue: Queue<Reply>,
    worker: Option<Worker>,
    pool: Arc<Extractors>,
    deadline: Instant,
    timeout: Duration,
    /// Set once `Done` has been returned.
    ended: bool,
}

impl Replies {
    fn failed(pool: Arc<Extractors>, why: String) -> Replies {
        let (tx, rx) = crossbeam_channel::bounded(1);
        let _ = tx.send(vec![Reply::Done(Outcome::Error(why))]);
        Replies {
            rx,
            queue: Queue::new(),
            worker: None,
            pool,
            deadline: Instant::now() + GRACE,
            timeout: Duration::ZERO,
            ended: false,
        }
    }

    /// The next reply; `None` after `Done`.
    pub fn next_reply(&mut self) -> Option<Reply> {
        if self.ended {
            return None;
        }
        let reply = match self.queue.pop_front() {
            Some(reply) => reply,
            None => self.receive(),
        };
        if matches!(reply, Reply::Done(_)) {
            self.ended = true;
            if let Some(worker) = self.worker.take() {
                self.pool.give_back(worker);
            }
        }
        Some(reply)
    }

    /// Waits for the next batch (until the deadline) and returns its first reply.
    fn receive(&mut self) -> Reply {
        let wait = self.deadline.saturating_duration_since(Instant::now());
        match self.rx.recv_timeout(wait) {
            Ok(batch) => {
                self.queue.extend(batch);
                self.queue
                    .pop_front()
                    .unwrap_or_else(|| Reply::Done(Outcome::Error("empty batch".into())))
            }
            Err(RecvTimeoutError::Timeout) => Reply::Done(Outcome::Error(self.kill_for_timeout())),
            Err(RecvTimeoutError::Disconnected) => Reply::Done(Outcome::Error(self.death())),
        }
    }

    /// Whether a reply is at hand without waiting.
    pub fn has_queued(&self) -> bool {
        !self.queue.is_empty()
    }

    fn kill_for_timeout(&mut self) -> String {
        if let Some(mut worker) = self.worker.take() {
            worker.kill();
        }
        format!(
            "extractor did not finish within {} s and was stopped",
            self.timeout.as_secs()
        )
    }

    fn death(&mut self) -> String {
        match self.worker.take() {
            Some(worker) => worker.cause_of_death(),
            None => "extractor stopped without an answer".into(),
        }
    }
}

impl Drop for Replies {
    fn drop(&mut self) {
        // A document abandoned half-way leaves its worker mid-stream: it cannot be reused.
        if let Some(mut worker) = self.worker.take() {
            if !self.ended {
                worker.kill();
            } else {
                self.pool.give_back(worker);
            }
        }
    }
}

/// The name of the threads that run extractors in-process: a panic hook can tell a parser's
/// panic (whose message may quote the document) from snuffel's own.
pub const EXTRACT_THREAD: &str = "snuffel-extract";

fn run_in_thread(container: Container, source: DocSource, limits: Limits) -> Receiver<Vec<Reply>> {
    let (tx, rx) = crossbeam_channel::bounded(QUEUE);
    let failed = tx.clone();
    let spawned = std::thread::Builder::new()
        .name(EXTRACT_THREAD.into())
        .spawn(move || {
            document::extract(container, source, limits, &mut |batch| {
                tx.send(batch).map_err(|_| Stop::Closed)
            });
        });
    if let Err(e) = spawned {
        let why = format!("cannot start an extractor thread: {e}");
        let _ = failed.send(vec![Reply::Done(Outcome::Error(why))]);
    }
    rx
}

/// A running worker process.
struct Worker {
    child: Child,
    stdin: BufWriter<ChildStdin>,
    rx: Receiver<Vec<Reply>>,
    stderr: Arc<Mutex<Last>>,
    stderr_thread: Option<JoinHandle<()>>,
    memory: u64,
}

/// Whether a worker's stderr named a fatal cause. Its words are not kept: a parser's message
/// may quote the document.
#[derive(Default)]
struct Last {
    out_of_memory: bool,
    stack_overflow: bool,
}

impl Worker {
    fn spawn(exe: &PathBuf, memory: u64) -> io::Result<Worker> {
        let mut child = Command::new(exe)
            .arg("__worker")
            .arg("--memory")
            .arg(memory.to_string())
            // A backtrace would bury the one line that says why the worker died.
            .env("RUST_BACKTRACE", "0")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()?;
        let missing = || io::Error::other("worker pipes missing");
        let stdin = child.stdin.take().ok_or_else(missing)?;
        let stdout = child.stdout.take().ok_or_else(missing)?;
        let stderr = child.stderr.take().ok_or_else(missing)?;
        let (tx, rx) = crossbeam_channel::bounded(QUEUE);
        std::thread::spawn(move || {
            let mut stdout = BufReader::new(stdout);
            while let Ok(Some(batch)) = read_frame::<Vec<Reply>>(&mut stdout) {
                if tx.send(batch).is_err() {
                    break;
                }
            }
        });
        let tail = Arc::new(Mutex::new(Last::default()));
        let stderr_thread = Some(std::thread::spawn({
            let tail = tail.clone();
            move || keep_tail(stderr, &tail)
        }));
        Ok(Worker {
            child,
            stdin: BufWriter::new(stdin),
            rx,
            stderr: tail,
            stderr_thread,
            memory,
        })
    }

    fn send(&mut self, container: Container, source: &DocSource, limits: Limits) -> io::Result<()> {
        let (path, bytes) = match source {
            DocSource::Path(p) => (Some(p.clone()), &[][..]),
            DocSource::Bytes(b) => (None, &b[..]),
        };
        let request = Request {
            container,
            path,
            inline: bytes.len() as u64,
            limits,
        };
        write_frame(&mut self.stdin, &request)?;
        self.stdin.write_all(bytes)?;
        self.stdin.flush()
    }

    fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Why the worker stopped answering, from its exit status and last words.
    fn cause_of_death(mut self) -> String {
        let status = self.child.wait();
        if let Some(t) = self.stderr_thread.take() {
            let _ = t.join();
        }
        let last = self.stderr.lock().unwrap_or_else(|e| e.into_inner());
        if last.out_of_memory {
            format!(
                "extractor ran out of memory (limit {}) and was restarted",
                human_bytes(self.memory)
            )
        } else if last.stack_overflow {
            "extractor overflowed its stack (too deeply nested) and was restarted".into()
        } else {
            match status {
                Ok(s) => format!("extractor died ({s}) and was restarted"),
                Err(e) => format!("extractor died ({e}) and was restarted"),
            }
        }
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        self.kill();
    }
}

/// Follows what a worker writes to stderr: every line is checked for the message of an abort,
/// however much follows it.
fn keep_tail(stderr: impl Read, last: &Mutex<Last>) {
    use std::io::BufRead;
    for line in BufReader::new(stderr).lines().map_while(Result::ok) {
        let mut last = last.lock().unwrap_or_else(|e| e.into_inner());
        last.out_of_memory |= line.contains("memory allocation") || line.contains("out of memory");
        last.stack_overflow |= line.contains("overflowed its stack");
    }
}

fn write_frame<T: Serialize>(out: &mut impl Write, value: &T) -> io::Result<()> {
    let bytes = postcard::to_stdvec(value).map_err(io::Error::other)?;
    let len = u32::try_from(bytes.len()).map_err(io::Error::other)?;
    out.write_all(&len.to_le_bytes())?;
    out.write_all(&bytes)
}

/// The next frame; `None` at a clean end of the stream.
fn read_frame<T: for<'de> Deserialize<'de>>(input: &mut impl Read) -> io::Result<Option<T>> {
    let mut len = [0u8; 4];
    match input.read_exact(&mut len) {
        Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => return Ok(None),
        other => other?,
    }
    let len = u32::from_le_bytes(len);
    if len > MAX_FRAME {
        return Err(io::Error::other(format!("frame of {len} bytes")));
    }
    let mut bytes = vec![0; len as usize];
    input.read_exact(&mut bytes)?;
    postcard::from_bytes(&bytes)
        .map(Some)
        .map_err(io::Error::other)
}

/// The worker's side: `snuffel __worker`. Limits its own address space, then reads requests
/// from stdin and answers on stdout until stdin closes.
pub fn serve(memory: u64) -> io::Result<()> {
    limit_memory(memory)?;
    let fault = std::env::var("SNUFFEL_TEST_WORKER_FAULT").ok();
    let mut input = BufReader::new(io::stdin().lock());
    let mut output = BufWriter::new(io::stdout().lock());
    while let Some(request) = read_frame::<Request>(&mut input)? {
        let source = match request.path {
            Some(path) => DocSource::Path(path),
            None => {
                let mut bytes = Vec::new();
                (&mut input).take(request.inline).read_to_end(&mut bytes)?;
                DocSource::Bytes(bytes)
            }
        };
        inject_fault(fault.as_deref());
        document::extract(request.container, source, request.limits, &mut |batch| {
            write_frame(&mut output, &batch).map_err(|_| Stop::Closed)
        });
        output.flush()?;
    }
    Ok(())
}

/// The worker's memory limit: an allocation past it fails, and the failure aborts the
/// worker, not the scan.
fn limit_memory(bytes: u64) -> io::Result<()> {
    if bytes == 0 {
        return Ok(());
    }
    rlimit::setrlimit(rlimit::Resource::AS, bytes, bytes)
}

/// For the tests of the supervisor only: makes the worker hang, abort, or run out of memory on
/// its next document, as a parser stuck in a loop, killed, or fed a forged size would. Never
/// set in normal use.
fn inject_fault(fault: Option<&str>) {
    match fault {
        Some("hang") => loop {
            std::thread::sleep(Duration::from_secs(3600));
        },
        Some("abort") => std::process::abort(),
        // More than any worker limit allows: the allocation fails and aborts the worker.
        Some("oom") => drop(std::hint::black_box(vec![1u8; 1 << 40])),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_round_trip() {
        let mut wire = Vec::new();
        let replies = [
            Reply::Format("xlsx".into()),
            Reply::Text {
                cell: Some((3, 2)),
                numeric: true,
                text: "85073003328".into(),
            },
            Reply::Done(Outcome::Protected("pdf".into())),
        ];
        for r in &replies {
            write_frame(&mut wire, r).unwrap();
        }
        let mut input = &wire[..];
        let mut back = Vec::new();
        while let Some(r) = read_frame::<Reply>(&mut input).unwrap() {
            back.push(r);
        }
        assert_eq!(back, replies);
    }

    #[test]
    fn a_huge_frame_is_refused() {
        let wire = u32::MAX.to_le_bytes();
        assert!(read_frame::<Reply>(&mut &wire[..]).is_err());
    }

    #[test]
    fn in_process_extraction_ends_with_done() {
        let pool = Arc::new(Extractors::new(Isolation::InProcess));
        let mut replies = pool.run(
            Container::Zip,
            DocSource::Bytes(b"PK\x03\x04 not really a zip".to_vec()),
            Limits::default(),
        );
        let mut last = None;
        while let Some(r) = replies.next_reply() {
            last = Some(r);
        }
        assert!(
            matches!(last, Some(Reply::Done(Outcome::Error(ref e))) if e.contains("ZIP")),
            "{last:?}"
        );
    }
}
