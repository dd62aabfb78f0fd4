//! Node bindings of hullguard: the `hullguard` npm package (Dockerfile
//! linting and image scanning).
//!
//! Only type conversion and error mapping live here; every rule, the policy
//! and the output formats are the core's. Each export runs its work through
//! [`guard::guard`] (a panic becomes an `Error` with code `INTERNAL`) and
//! carries `#[napi(catch_unwind)]` as a second net. Asynchronous functions do
//! their work on the libuv thread pool and reject with the same errors the
//! synchronous ones throw.

mod convert;
mod guard;
mod job;

use hullguard::lint as hg;
use napi::bindgen_prelude::{AsyncTask, Unknown};
use napi::{Env, Task};
use napi_derive::napi;

use crate::convert::{Report, Rule};
use crate::guard::{Failure, code, guard};
use crate::job::{LintJob, ScanJob};

/// Lints Dockerfile text on the libuv thread pool. Rejects with an `Error`
/// whose `code` is `CONFIG_IO`, `CONFIG_INVALID`, `INVALID_OPTION`,
/// `INVALID_ARGUMENT` or `INTERNAL`.
#[napi(
    catch_unwind,
    ts_args_type = "text: string, options?: LintOptions | null",
    ts_return_type = "Promise<Report>"
)]
pub fn lint(text: Unknown<'_>, options: Unknown<'_>) -> AsyncTask<ReportTask> {
    AsyncTask::new(ReportTask::new(guard(|| {
        LintJob::text(text, options).map(Job::Lint)
    })))
}

/// Lints Dockerfile text. Throws an `Error` whose `code` is `CONFIG_IO`,
/// `CONFIG_INVALID`, `INVALID_OPTION`, `INVALID_ARGUMENT` or `INTERNAL`.
#[napi(
    catch_unwind,
    ts_args_type = "text: string, options?: LintOptions | null"
)]
pub fn lint_sync(text: Unknown<'_>, options: Unknown<'_>) -> napi::Result<Report, String> {
    guard(|| LintJob::text(text, options)?.run()).map_err(Failure::into_napi)
}

/// Reads and lints a Dockerfile on the libuv thread pool. Rejects like
/// `lint`, and with code `IO` when the file cannot be read.
#[napi(
    catch_unwind,
    ts_args_type = "path: string, options?: Omit<LintOptions, 'path'> | null",
    ts_return_type = "Promise<Report>"
)]
pub fn lint_file(path: Unknown<'_>, options: Unknown<'_>) -> AsyncTask<ReportTask> {
    AsyncTask::new(ReportTask::new(guard(|| {
        LintJob::file(path, options).map(Job::Lint)
    })))
}

/// Reads and lints a Dockerfile. Throws like `lintSync`, and with code `IO`
/// when the file cannot be read.
#[napi(
    catch_unwind,
    ts_args_type = "path: string, options?: Omit<LintOptions, 'path'> | null"
)]
pub fn lint_file_sync(path: Unknown<'_>, options: Unknown<'_>) -> napi::Result<Report, String> {
    guard(|| LintJob::file(path, options)?.run()).map_err(Failure::into_napi)
}

/// Scans a built image on the libuv thread pool: an OCI layout directory,
/// an OCI or `docker save` archive (optionally gzipped), a skopeo `dir:`, an
/// image config or `docker inspect` JSON; every blob's digest is verified
/// and nothing is written to disk. Rejects with an `Error` whose `code` is
/// one of the image errors (`IMAGE_IO`, `IMAGE_FORMAT`, `IMAGE_JSON`,
/// `IMAGE_DIGEST`, `IMAGE_DIGEST_MISMATCH`, `IMAGE_MISSING_BLOB`,
/// `IMAGE_INDEX_CYCLE`, `IMAGE_PLATFORM`, `IMAGE_TAR`, `IMAGE_COMPRESSION`,
/// `IMAGE_UNSAFE_PATH`, `IMAGE_LIMIT`), or `CONFIG_IO`, `CONFIG_INVALID`,
/// `INVALID_OPTION`, `INVALID_ARGUMENT`, `IO` (`options.dockerfile`
/// unreadable) or `INTERNAL`.
#[napi(
    catch_unwind,
    ts_args_type = "path: string, options?: ScanOptions | null",
    ts_return_type = "Promise<Report>"
)]
pub fn scan_image(path: Unknown<'_>, options: Unknown<'_>) -> AsyncTask<ReportTask> {
    AsyncTask::new(ReportTask::new(guard(|| {
        ScanJob::new(path, options).map(Job::Scan)
    })))
}

/// Scans a built image (see `scanImage`). Throws the errors `scanImage`
/// rejects with.
#[napi(
    catch_unwind,
    ts_args_type = "path: string, options?: ScanOptions | null"
)]
pub fn scan_image_sync(path: Unknown<'_>, options: Unknown<'_>) -> napi::Result<Report, String> {
    guard(|| ScanJob::new(path, options)?.run()).map_err(Failure::into_napi)
}

/// Every rule, in registry order.
#[napi(catch_unwind)]
pub fn rules() -> napi::Result<Vec<Rule>, String> {
    guard(|| Ok(hg::rules().map(Rule::from).collect())).map_err(Failure::into_napi)
}

/// A rule's documentation page (Markdown), by code (`DL3008`), rule name or
/// peer id (`DS-0002`). Throws with code `UNKNOWN_RULE` when nothing matches.
#[napi(catch_unwind, ts_args_type = "code: string")]
pub fn explain(code: Unknown<'_>) -> napi::Result<String, String> {
    guard(|| {
        let wanted = job::read_string(code, "code")?;
        hg::find_rule(&wanted)
            .map(hg::docs::explain)
            .ok_or_else(|| {
                Failure::new(
                    code::UNKNOWN_RULE,
                    format!("no rule named `{wanted}` (see rules())"),
                )
            })
    })
    .map_err(Failure::into_napi)
}

/// Runs the `hullguard` command line with `args` (without the program name)
/// in this process, printing to its standard output and error, and returns
/// the exit status: 0 clean, 1 findings at or above the failure threshold,
/// 2 usage, I/O or configuration errors. `cli.js` exits with it.
#[napi(catch_unwind, ts_args_type = "args: string[]")]
pub fn run_cli(args: Unknown<'_>) -> napi::Result<u32, String> {
    guard(|| {
        let args = job::read_strings(args, "args")?;
        let argv = std::iter::once("hullguard".to_owned()).chain(args);
        Ok(u32::from(hullguard_cli::run(argv)))
    })
    .map_err(Failure::into_napi)
}

/// Panics inside the guard, so the tests can check that Node survives a
/// panic and sees an `Error` with code `INTERNAL`. Not part of the API.
#[napi(catch_unwind, js_name = "__panicForTests", skip_typescript)]
pub fn panic_for_tests() -> napi::Result<(), String> {
    guard(deliberate_panic).map_err(Failure::into_napi)
}

/// `__panicForTests` on the libuv thread pool: the promise rejects.
#[napi(catch_unwind, js_name = "__panicForTestsAsync", skip_typescript)]
pub fn panic_for_tests_async() -> AsyncTask<PanicTask> {
    AsyncTask::new(PanicTask)
}

#[allow(
    clippy::panic,
    reason = "the hidden test exports panic on purpose to exercise the guard"
)]
fn deliberate_panic() -> Result<(), Failure> {
    panic!("deliberate panic for the panic-guard tests")
}

/// Work that ends in a report.
#[derive(Debug)]
enum Job {
    Lint(LintJob),
    Scan(ScanJob),
}

impl Job {
    fn run(self) -> Result<Report, Failure> {
        match self {
            Job::Lint(job) => job.run(),
            Job::Scan(job) => job.run(),
        }
    }
}

/// `lint`/`lintFile`/`scanImage` work: the request (or the error reading
/// its arguments), run on a pool thread.
#[derive(Debug)]
pub struct ReportTask {
    job: Option<Result<Job, Failure>>,
}

impl ReportTask {
    fn new(job: Result<Job, Failure>) -> Self {
        ReportTask { job: Some(job) }
    }
}

#[napi]
impl Task for ReportTask {
    type Output = Result<Report, Failure>;
    type JsValue = Report;

    fn compute(&mut self) -> napi::Result<Self::Output> {
        let job = self.job.take();
        Ok(guard(move || match job {
            Some(job) => job?.run(),
            None => Err(Failure::new(code::INTERNAL, "task ran twice")),
        }))
    }

    fn resolve(&mut self, env: Env, output: Self::Output) -> napi::Result<Report> {
        output.map_err(|f| f.into_rejection(&env))
    }
}

/// The work of `__panicForTestsAsync`.
#[derive(Debug)]
pub struct PanicTask;

#[napi]
impl Task for PanicTask {
    type Output = Result<(), Failure>;
    type JsValue = ();

    fn compute(&mut self) -> napi::Result<Self::Output> {
        Ok(guard(deliberate_panic))
    }

    fn resolve(&mut self, env: Env, output: Self::Output) -> napi::Result<()> {
        output.map_err(|f| f.into_rejection(&env))
    }
}
