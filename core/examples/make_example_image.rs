//! Writes `examples/image/`: a small OCI image layout that matches the final
//! stage of `examples/Dockerfile` (a Python service on a Debian base), for
//! trying `hullguard image` without a container engine.
//!
//! `cargo run -p hullguard --example make_example_image -- examples/image`
//!
//! Layers are built with the `tar` crate with fixed times and owners, so the
//! output is the same on every run.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::Write;
use std::path::Path;

use serde_json::json;
use sha2::{Digest as _, Sha256};

const MTIME: u64 = 1_767_225_600; // 2026-01-01

fn sha256(data: &[u8]) -> String {
    Sha256::digest(data)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A layer from `(path, mode, content)`; a trailing `/` makes a directory,
/// content starting with `->` a symlink.
fn layer(entries: &[(&str, u32, &[u8])]) -> (Vec<u8>, String) {
    let mut b = tar::Builder::new(Vec::new());
    for (path, mode, data) in entries {
        let mut h = tar::Header::new_ustar();
        h.set_mtime(MTIME);
        h.set_uid(0);
        h.set_gid(0);
        h.set_mode(*mode);
        if let Some(dir) = path.strip_suffix('/') {
            h.set_entry_type(tar::EntryType::Directory);
            h.set_size(0);
            b.append_data(&mut h, dir, &[][..]).unwrap();
        } else if let Some(target) = data.strip_prefix(b"->") {
            h.set_entry_type(tar::EntryType::Symlink);
            h.set_size(0);
            b.append_link(&mut h, path, std::str::from_utf8(target).unwrap())
                .unwrap();
        } else {
            h.set_size(data.len() as u64);
            b.append_data(&mut h, path, *data).unwrap();
        }
    }
    let tar = b.into_inner().unwrap();
    let diff_id = format!("sha256:{}", sha256(&tar));
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(&tar).unwrap();
    (gz.finish().unwrap(), diff_id)
}

fn write_blob(dir: &Path, data: &[u8]) -> String {
    let hex = sha256(data);
    std::fs::write(dir.join("blobs/sha256").join(&hex), data).unwrap();
    format!("sha256:{hex}")
}

fn main() {
    let out = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "examples/image".into());
    let dir = Path::new(&out);
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir.join("blobs/sha256")).unwrap();

    let passwd = b"root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n";
    let shadow =
        b"root:*:20000:0:99999:7:::\ndaemon:*:20000:0:99999:7:::\nnobody:*:20000:0:99999:7:::\n";
    let group = b"root:x:0:\ndaemon:x:1:\nnogroup:x:65534:\n";
    let dpkg = b"Package: base-files\nStatus: install ok installed\nVersion: 12.4+deb12u10\n\nPackage: libpq5\nStatus: install ok installed\nSource: postgresql-15\nVersion: 15.10-0+deb12u1\n\nPackage: curl\nStatus: install ok installed\nVersion: 7.88.1-10+deb12u12\n";
    let base = layer(&[
        ("etc/", 0o755, b""),
        ("etc/passwd", 0o644, passwd),
        ("etc/shadow", 0o640, shadow),
        ("etc/group", 0o644, group),
        ("usr/", 0o755, b""),
        ("usr/bin/", 0o755, b""),
        ("usr/bin/passwd", 0o4755, b"\x7fELF passwd"),
        ("usr/lib/", 0o755, b""),
        (
            "usr/lib/os-release",
            0o644,
            b"PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian\nVERSION_ID=\"12\"\n",
        ),
        ("etc/os-release", 0o777, b"->../usr/lib/os-release"),
        ("var/lib/dpkg/", 0o755, b""),
        ("var/lib/dpkg/status", 0o644, dpkg),
        ("tmp/", 0o1777, b""),
    ]);
    let python = layer(&[
        ("usr/local/bin/", 0o755, b""),
        ("usr/local/bin/python3.12", 0o755, b"\x7fELF python"),
        ("usr/local/bin/python", 0o777, b"->python3.12"),
    ]);
    let apt = layer(&[
        ("var/lib/apt/lists/", 0o755, b""),
        (
            "var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_main_binary-amd64_Packages.lz4",
            0o644,
            &[1u8; 4096],
        ),
        ("usr/bin/curl", 0o755, b"\x7fELF curl"),
    ]);
    let install = layer(&[(
        "usr/local/lib/python3.12/site-packages/app_deps.py",
        0o644,
        b"# deps\n",
    )]);
    let app = layer(&[
        ("app/", 0o755, b""),
        ("app/app/", 0o755, b""),
        ("app/app/__main__.py", 0o644, b"print('hello')\n"),
        (
            "app/app/.env",
            0o644,
            b"DATABASE_URL=postgres://app:s3cr3t-passw0rd@db/app\n",
        ),
    ]);
    let agent = layer(&[("opt/agent/agent", 0o777, b"#!/bin/sh\nexit 0\n")]);
    let layers = [base, python, apt, install, app, agent];

    let history = json!([
        {"created": "2026-01-01T00:00:00Z", "created_by": "# debian.sh --arch 'amd64' out/ 'bookworm' '@1767225600'", "comment": "debuerreotype 0.15"},
        {"created": "2026-01-01T00:00:00Z", "created_by": "ENV PATH=/usr/local/bin:/usr/bin:/bin", "empty_layer": true},
        {"created": "2026-01-01T00:00:00Z", "created_by": "RUN /bin/sh -c set -eux; install-python 3.12 # buildkit", "comment": "buildkit.dockerfile.v0"},
        {"created": "2026-01-01T00:00:00Z", "created_by": "CMD [\"python3\"]", "empty_layer": true},
        {"created": "2026-02-01T00:00:00Z", "created_by": "ENV APP_HOME=/app", "empty_layer": true},
        {"created": "2026-02-01T00:00:00Z", "created_by": "WORKDIR /app", "empty_layer": true},
        {"created": "2026-02-01T00:00:00Z", "created_by": "RUN /bin/sh -c apt-get update     && apt-get install -y --no-install-recommends libpq5 curl # buildkit", "comment": "buildkit.dockerfile.v0"},
        {"created": "2026-02-01T00:00:00Z", "created_by": "COPY /install /usr/local # buildkit", "comment": "buildkit.dockerfile.v0"},
        {"created": "2026-02-01T00:00:00Z", "created_by": "COPY /src/app ./app # buildkit", "comment": "buildkit.dockerfile.v0"},
        {"created": "2026-02-01T00:00:00Z", "created_by": "RUN /bin/sh -c curl -fsSL https://example.com/install-agent.sh | sh # buildkit", "comment": "buildkit.dockerfile.v0"},
        {"created": "2026-02-01T00:00:00Z", "created_by": "EXPOSE map[8000/tcp:{}]", "empty_layer": true},
        {"created": "2026-02-01T00:00:00Z", "created_by": "HEALTHCHECK &{[\"CMD-SHELL\" \"curl -f http://localhost:8000/health || exit 1\"] \"30s\" \"0s\" \"0s\" \"0s\" '\\x00'}", "empty_layer": true},
        {"created": "2026-02-01T00:00:00Z", "created_by": "CMD [\"python\" \"-m\" \"app\"]", "empty_layer": true},
    ]);
    let config = json!({
        "created": "2026-02-01T00:00:00Z",
        "architecture": "amd64",
        "os": "linux",
        "config": {
            "Env": ["PATH=/usr/local/bin:/usr/bin:/bin", "APP_HOME=/app"],
            "WorkingDir": "/app",
            "ExposedPorts": {"8000/tcp": {}},
            "Cmd": ["python", "-m", "app"],
            "Healthcheck": {"Test": ["CMD-SHELL", "curl -f http://localhost:8000/health || exit 1"], "Interval": 30000000000u64},
            "Labels": {"org.opencontainers.image.source": "https://example.com/shop/api"}
        },
        "rootfs": {"type": "layers", "diff_ids": layers.iter().map(|(_, d)| d.clone()).collect::<Vec<_>>()},
        "history": history,
    });
    let config = serde_json::to_vec_pretty(&config).unwrap();
    let config_digest = write_blob(dir, &config);
    let layer_descs: Vec<_> = layers
        .iter()
        .map(|(blob, _)| {
            json!({"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": write_blob(dir, blob), "size": blob.len()})
        })
        .collect();
    let manifest = serde_json::to_vec_pretty(&json!({
        "schemaVersion": 2,
        "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": config_digest, "size": config.len()},
        "layers": layer_descs,
    }))
    .unwrap();
    let manifest_digest = write_blob(dir, &manifest);
    let index = serde_json::to_vec_pretty(&json!({
        "schemaVersion": 2,
        "manifests": [{
            "mediaType": "application/vnd.oci.image.manifest.v1+json",
            "digest": manifest_digest, "size": manifest.len(),
            "annotations": {"org.opencontainers.image.ref.name": "example.com/shop/api:1.4.2"},
            "platform": {"architecture": "amd64", "os": "linux"}
        }]
    }))
    .unwrap();
    std::fs::write(dir.join("index.json"), index).unwrap();
    std::fs::write(dir.join("oci-layout"), br#"{"imageLayoutVersion":"1.0.0"}"#).unwrap();
    println!("wrote {}", dir.display());
}
