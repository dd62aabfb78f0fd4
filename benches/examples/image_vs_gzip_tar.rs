//! Image scanning speed and memory against `gzip -dc LAYER | tar -t`, same
//! machine, same run, same layer.
//!
//! `cargo run --release -p hullguard-benches --example image_vs_gzip_tar [-- --mb 100]`
//!
//! Builds (once, under `target/bench-images/`) an OCI image whose one layer
//! is a gzip stream of at least `--mb` MB (default 100) holding ~30,000
//! files of mixed compressibility, then times, best of 3:
//! - hullguard: open the image (index, manifest, config; the layer's sha256
//!   verified while it streams), walk every entry, stack the filesystem and
//!   run every image rule; and again with the uncompressed diff_id verified;
//! - `gzip -dc LAYER | tar -t >/dev/null`: decompress and list only.
//!
//! Throughput is compressed layer bytes per second; the goal is hullguard
//! at >= 80 % of the pipeline's. Peak RSS of a scan is read from
//! /proc/self/status (VmHWM) in a fresh child process; the goal is < 64 MiB.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use hullguard::image::{OpenOptions, scan_image};
use hullguard::lint::Config;
use hullguard_benches::{best_of, mb_per_s, speedup};
use serde_json::json;
use sha2::{Digest as _, Sha256};

fn sha256(data: &[u8]) -> String {
    Sha256::digest(data)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A small deterministic generator (xorshift).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

/// Hashes what passes through it into a gzip stream (the layer's diff_id).
struct HashingWriter<W: Write> {
    inner: W,
    hash: Sha256,
}

impl<W: Write> Write for HashingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hash.update(&buf[..n]);
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// Write an OCI layout whose single layer compresses to >= `min_bytes`.
fn build_image(dir: &Path, min_bytes: u64) -> PathBuf {
    let layer_path = dir.join("layer.tar.gz");
    if dir.join("index.json").is_file() && layer_path.metadata().is_ok_and(|m| m.len() >= min_bytes)
    {
        return layer_path;
    }
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir.join("blobs/sha256")).unwrap();
    let gz = flate2::write::GzEncoder::new(
        std::fs::File::create(&layer_path).unwrap(),
        flate2::Compression::new(6),
    );
    let mut tar = tar::Builder::new(HashingWriter {
        inner: gz,
        hash: Sha256::new(),
    });
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let words: Vec<&[u8]> = [
        &b"the "[..],
        b"image ",
        b"layer ",
        b"config ",
        b"package ",
        b"library ",
        b"function ",
        b"return ",
        b"static ",
        b"const ",
        b"\n",
        b"{ ",
        b"} ",
        b"0x",
        b"error ",
    ]
    .to_vec();
    let mut i = 0u64;
    let mut data = Vec::new();
    loop {
        let written = tar
            .get_ref()
            .inner
            .get_ref()
            .metadata()
            .map(|m| m.len())
            .unwrap_or(0);
        if written >= min_bytes {
            break;
        }
        data.clear();
        let size = 1024 + (rng.next() % 16_384) as usize;
        // Half text-like (compressible), half random (like binaries).
        while data.len() < size {
            if i.is_multiple_of(2) {
                data.extend_from_slice(words[(rng.next() % words.len() as u64) as usize]);
            } else {
                data.extend_from_slice(&rng.next().to_le_bytes());
            }
        }
        let mut h = tar::Header::new_ustar();
        h.set_mtime(1_700_000_000);
        h.set_mode(if i.is_multiple_of(97) { 0o4755 } else { 0o644 });
        h.set_size(data.len() as u64);
        let path = format!("usr/share/bench/d{}/file{i}.dat", i % 200);
        tar.append_data(&mut h, &path, &data[..]).unwrap();
        i += 1;
    }
    let hashing = tar.into_inner().unwrap();
    let diff_id: String = hashing
        .hash
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    hashing.inner.finish().unwrap().flush().unwrap();
    let layer = std::fs::read(&layer_path).unwrap();
    let layer_digest = sha256(&layer);
    std::fs::write(dir.join("blobs/sha256").join(&layer_digest), &layer).unwrap();
    let config = serde_json::to_vec(&json!({
        "created": "2026-11-20T00:00:00Z", "architecture": "amd64", "os": "linux",
        "config": {"User": "1000"},
        "rootfs": {"type": "layers", "diff_ids": [format!("sha256:{diff_id}")]},
        "history": [{"created_by": "COPY bench /usr/share/bench # buildkit"}]
    }))
    .unwrap();
    let config_digest = sha256(&config);
    std::fs::write(dir.join("blobs/sha256").join(&config_digest), &config).unwrap();
    let manifest = serde_json::to_vec(&json!({
        "schemaVersion": 2,
        "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": format!("sha256:{config_digest}"), "size": config.len()},
        "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": format!("sha256:{layer_digest}"), "size": layer.len()}]
    }))
    .unwrap();
    let manifest_digest = sha256(&manifest);
    std::fs::write(dir.join("blobs/sha256").join(&manifest_digest), &manifest).unwrap();
    std::fs::write(
        dir.join("index.json"),
        serde_json::to_vec(&json!({"schemaVersion": 2, "manifests": [
            {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": format!("sha256:{manifest_digest}"), "size": manifest.len()}]}))
        .unwrap(),
    )
    .unwrap();
    std::fs::write(dir.join("oci-layout"), br#"{"imageLayoutVersion":"1.0.0"}"#).unwrap();
    layer_path
}

fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--scan-only") {
        // Child mode: one scan, then report this process's peak RSS.
        let path = PathBuf::from(&args[i + 1]);
        let report = scan_image(&path, &OpenOptions::default(), &Config::default()).unwrap();
        println!(
            "{} {}",
            peak_rss_kib().unwrap_or(0),
            report.diagnostics.len()
        );
        return;
    }
    let mb: u64 = args
        .iter()
        .position(|a| a == "--mb")
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(100);
    let dir =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("../target/bench-images/gz{mb}"));
    let t = Instant::now();
    let layer = build_image(&dir, mb * 1_000_000);
    let size = layer.metadata().unwrap().len();
    println!(
        "image: {} (layer {:.1} MB gzip; ready in {:.1?})",
        dir.display(),
        size as f64 / 1e6,
        t.elapsed()
    );

    let mut findings = 0;
    let ours = best_of(3, || {
        let r = scan_image(&dir, &OpenOptions::default(), &Config::default()).unwrap();
        findings = r.diagnostics.len();
    });
    let verify = OpenOptions {
        verify_diff_ids: true,
        ..OpenOptions::default()
    };
    let ours_diff_ids = best_of(3, || {
        scan_image(&dir, &verify, &Config::default()).unwrap();
    });
    let pipeline = format!("gzip -dc '{}' | tar -t >/dev/null", layer.display());
    let peer = best_of(3, || {
        let s = Command::new("sh")
            .arg("-c")
            .arg(&pipeline)
            .status()
            .unwrap();
        assert!(s.success());
    });
    println!(
        "hullguard scan (verify + walk + rules): {:8.2?}  {:7.1} MB/s  ({findings} findings)",
        ours,
        mb_per_s(size, ours)
    );
    println!(
        "  and uncompressed diff_id verified:   {:8.2?}  {:7.1} MB/s",
        ours_diff_ids,
        mb_per_s(size, ours_diff_ids)
    );
    println!(
        "gzip -dc | tar -t:                      {:8.2?}  {:7.1} MB/s",
        peer,
        mb_per_s(size, peer)
    );
    println!(
        "throughput ratio: {:.2} (goal >= 0.80)",
        speedup(ours, peer)
    );

    let out = Command::new(std::env::current_exe().unwrap())
        .arg("--scan-only")
        .arg(&dir)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let rss: u64 = text
        .split_whitespace()
        .next()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    println!(
        "peak RSS of one scan: {:.1} MiB (goal < 64 MiB)",
        rss as f64 / 1024.0
    );
}
