//! A real image built by real tools: a tiny root filesystem packed with
//! `umoci` (as build tools do), converted with `skopeo` into a `docker save`
//! archive, an OCI archive and a `dir:` copy, then evaluated in every form —
//! the findings must be the same from each.
//!
//! `./test.sh` installs umoci and skopeo from Debian's packages; without
//! them this test says so and skips.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use hullguard::image::{OpenOptions, scan_image};
use hullguard::lint::Config;

fn have(tool: &str) -> bool {
    Command::new(tool)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

fn run(cmd: &str, args: &[&str], dir: &Path) {
    let out = Command::new(cmd)
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{cmd} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn write(root: &Path, path: &str, mode: u32, content: &[u8]) {
    use std::os::unix::fs::PermissionsExt;
    let p = root.join(path);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(&p, content).unwrap();
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(mode)).unwrap();
}

fn findings(path: &Path) -> BTreeSet<(String, String)> {
    let report = scan_image(path, &OpenOptions::default(), &Config::default())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    report
        .diagnostics
        .into_iter()
        .map(|d| (d.code, d.location.unwrap_or_default()))
        .collect()
}

#[test]
fn an_image_built_by_umoci_reads_the_same_in_every_form() {
    if !(have("umoci") && have("skopeo")) {
        eprintln!(
            "SKIPPED image_real: umoci and skopeo are not installed (./test.sh installs them from Debian's packages)"
        );
        return;
    }
    let dir = std::env::temp_dir().join(format!("hullguard-real-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let rootless = !Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.starts_with(b"0\n"));
    let mut unpack = vec!["unpack", "--image", "layout:app", "bundle"];
    if rootless {
        unpack.insert(1, "--rootless");
    }
    run("umoci", &["init", "--layout", "layout"], &dir);
    run("umoci", &["new", "--image", "layout:app"], &dir);
    run("umoci", &unpack, &dir);
    let rootfs = dir.join("bundle/rootfs");
    write(&rootfs, "etc/passwd", 0o644, b"root:x:0:0:root:/root:/bin/sh\ntoor:x:0:0::/root:/bin/sh\napp:x:1000:1000::/home/app:/bin/sh\n");
    write(
        &rootfs,
        "etc/shadow",
        0o640,
        b"root::19000:0:99999:7:::\napp:*:19000:0:99999:7:::\n",
    );
    write(&rootfs, "etc/group", 0o644, b"root:x:0:\napp:x:1000:\n");
    write(
        &rootfs,
        "usr/lib/os-release",
        0o644,
        b"ID=debian\nVERSION_ID=\"12\"\n",
    );
    write(&rootfs, "usr/local/bin/suidtool", 0o4755, b"#!/bin/sh\n");
    write(
        &rootfs,
        "app/.env",
        0o600,
        b"DB_PASSWORD=correct-horse-battery\n",
    );
    write(&rootfs, "root/.ssh/id_rsa", 0o600, b"-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n");
    write(&rootfs, "app/big.bin", 0o644, &vec![3u8; 300_000]);
    run(
        "umoci",
        &[
            "repack",
            "--refresh-bundle",
            "--image",
            "layout:app",
            "--history.created_by",
            "COPY rootfs / # buildkit",
            "bundle",
        ],
        &dir,
    );
    // Delete the key and the big file in a later layer: both still ship below.
    std::fs::remove_file(rootfs.join("root/.ssh/id_rsa")).unwrap();
    std::fs::remove_file(rootfs.join("app/big.bin")).unwrap();
    run(
        "umoci",
        &[
            "repack",
            "--refresh-bundle",
            "--image",
            "layout:app",
            "--history.created_by",
            "RUN /bin/sh -c rm -f /root/.ssh/id_rsa /app/big.bin # buildkit",
            "bundle",
        ],
        &dir,
    );
    run(
        "umoci",
        &[
            "config",
            "--image",
            "layout:app",
            "--config.user",
            "0",
            "--config.exposedports",
            "22/tcp",
            "--config.env",
            "API_TOKEN=ghp_abcdefghijklmnopqrstuvwxyz0123456789",
            "--history.created_by",
            "USER 0; EXPOSE 22",
        ],
        &dir,
    );
    run(
        "skopeo",
        &[
            "copy",
            "--quiet",
            "oci:layout:app",
            "docker-archive:docker.tar:example/app:1",
        ],
        &dir,
    );
    run(
        "skopeo",
        &[
            "copy",
            "--quiet",
            "oci:layout:app",
            "oci-archive:oci.tar:app",
        ],
        &dir,
    );
    run(
        "skopeo",
        &["copy", "--quiet", "oci:layout:app", "dir:dirform"],
        &dir,
    );

    let reference = findings(&dir.join("layout"));
    let codes: BTreeSet<&str> = reference.iter().map(|(c, _)| c.as_str()).collect();
    for expected in ["HG200", "HG202", "HG205"] {
        assert!(
            codes.contains(expected),
            "{expected} missing from {reference:#?}"
        );
    }
    for form in ["docker.tar", "oci.tar", "dirform"] {
        assert_eq!(
            findings(&dir.join(form)),
            reference,
            "{form} differs from the OCI layout"
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
