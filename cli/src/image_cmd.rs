//! `hullguard image`: open a built image (any form), evaluate it under the
//! same policy as `lint`, optionally lint its Dockerfile into the same
//! report, print, and exit 0, 1 or 2 exactly as `lint` does.

use std::path::PathBuf;

use clap::Args;
use hullguard::image::{Limits, OpenOptions, Platform, scan_image};
use hullguard::lint::{Report, lint_bytes};

use crate::policy::{ConfigCache, OutputArgs, PolicyArgs, UsageError};

#[derive(Args, Debug)]
pub(crate) struct ImageArgs {
    /// The image: an OCI layout directory, an OCI or `docker save` archive
    /// (optionally gzipped), a skopeo `dir:`, an image config or `docker inspect` JSON.
    path: PathBuf,
    /// Which image of a multi-platform index: os/arch[/variant] (default linux/amd64).
    #[arg(long)]
    platform: Option<String>,
    /// Also lint this Dockerfile, in the same report.
    #[arg(long)]
    dockerfile: Option<PathBuf>,
    /// Largest total of uncompressed layer bytes (decompression-bomb guard), e.g. 64G.
    #[arg(long, value_name = "SIZE")]
    max_uncompressed: Option<String>,
    /// Also verify each layer's uncompressed digest against the config's diff_ids.
    #[arg(long)]
    verify_diff_ids: bool,
    #[command(flatten)]
    output: OutputArgs,
    #[command(flatten)]
    policy: PolicyArgs,
}

/// `64G`, `512M`, `10k` or plain bytes.
fn parse_size(text: &str) -> Option<u64> {
    let t = text.trim();
    let (digits, shift) = match t.chars().last()?.to_ascii_uppercase() {
        'K' => (&t[..t.len() - 1], 10),
        'M' => (&t[..t.len() - 1], 20),
        'G' => (&t[..t.len() - 1], 30),
        'T' => (&t[..t.len() - 1], 40),
        _ => (t, 0),
    };
    digits
        .trim()
        .parse::<u64>()
        .ok()?
        .checked_mul(1u64 << shift)
}

pub(crate) fn run(args: &ImageArgs) -> u8 {
    match run_inner(args) {
        Ok(code) => code,
        Err(UsageError(msg)) => {
            eprintln!("hullguard: {msg}");
            2
        }
    }
}

fn run_inner(args: &ImageArgs) -> Result<u8, UsageError> {
    let overrides = args.policy.overrides()?;
    let mut cache = ConfigCache::default();
    let mut options = OpenOptions {
        verify_diff_ids: args.verify_diff_ids,
        ..OpenOptions::default()
    };
    if let Some(p) = &args.platform {
        options.platform = Some(Platform::parse(p).ok_or_else(|| {
            UsageError(format!("--platform expects os/arch[/variant], got `{p}`"))
        })?);
    }
    if let Some(s) = &args.max_uncompressed {
        options.limits = Limits {
            max_uncompressed_bytes: parse_size(s)
                .ok_or_else(|| UsageError(format!("--max-uncompressed: bad size `{s}`")))?,
            ..Limits::default()
        };
    }
    let mut report = Report::default();
    let mut failed = false;
    if let Some(df) = &args.dockerfile {
        let config = cache.config_for(df, &args.policy, &overrides)?;
        let bytes = crate::read_input(df)
            .map_err(|e| UsageError(format!("cannot read {}: {e}", df.display())))?;
        let fr = lint_bytes(&bytes, &df.display().to_string(), &config);
        failed |= fr.diagnostics.iter().any(|d| config.fails(d.severity));
        report.files.push(fr);
    }
    // The image's policy is the one found from the Dockerfile when given,
    // else from the current directory.
    let anchor = args
        .dockerfile
        .clone()
        .unwrap_or_else(|| PathBuf::from("-"));
    let config = cache.config_for(&anchor, &args.policy, &overrides)?;
    let fr = scan_image(&args.path, &options, &config)
        .map_err(|e| UsageError(format!("{e} [{}]", e.code())))?;
    failed |= fr.diagnostics.iter().any(|d| config.fails(d.severity));
    report.files.push(fr);
    args.output.print(&report);
    Ok(u8::from(failed))
}

#[cfg(test)]
mod tests {
    use super::parse_size;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("10k"), Some(10 << 10));
        assert_eq!(parse_size("64G"), Some(64 << 30));
        assert_eq!(parse_size("123"), Some(123));
        assert_eq!(parse_size("x"), None);
        assert_eq!(parse_size("99999999999T"), None);
    }
}
