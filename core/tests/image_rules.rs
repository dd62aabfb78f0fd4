//! Every image rule on real images built in code, in OCI layout and in both
//! `docker save` forms: a healthy image that no image rule flags, and, per
//! rule, the same image with one thing wrong that fires that rule (and
//! that the healthy one does not).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use std::collections::BTreeSet;
use std::path::Path;

use hullguard::image::{OpenOptions, scan_image};
use hullguard::lint::{Config, rules};
use serde_json::{Value, json};
use support::images::*;

const KEY: &[u8] = b"-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n-----END OPENSSH PRIVATE KEY-----\n";
const TOKEN: &str = "ghp_R7b2kQ9xLm4Tz8Wc1Vn6Hy3Jd5Fg0Sa2Pe7U";

/// `YYYY-MM-DDT00:00:00Z` for a day `days` before today.
fn days_ago(days: i64) -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    // Days since the epoch to a civil date (Howard Hinnant's algorithm).
    let z = now / 86_400 - days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}T00:00:00Z")
}

fn healthy_config() -> Value {
    json!({
        "User": "app",
        "Env": ["PATH=/usr/local/bin:/usr/bin:/bin"],
        "ExposedPorts": {"8080/tcp": {}},
        "Volumes": {"/data": {}},
        "Cmd": ["/app/run"],
        "Healthcheck": {"Test": ["CMD", "/app/run", "--health"]},
        "Labels": {
            "org.opencontainers.image.source": "https://example.com/app",
            "org.opencontainers.image.revision": "0123456789abcdef0123456789abcdef01234567",
            "org.opencontainers.image.created": days_ago(1),
            "org.opencontainers.image.base.name": "docker.io/library/debian:12",
            "org.opencontainers.image.base.digest": format!("sha256:{}", "a".repeat(64)),
        }
    })
}

fn base_layer() -> Layer {
    Layer::new()
        .dir("etc", 0o755)
        .file(
            "etc/passwd",
            0o644,
            b"root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000::/home/app:/bin/sh\n",
        )
        .file("etc/group", 0o644, b"root:x:0:\napp:x:1000:\n")
        .file(
            "etc/shadow",
            0o640,
            b"root:*:19000:0:99999:7:::\napp:!:19000:0:99999:7:::\n",
        )
        .dir("usr/bin", 0o755)
        .file("usr/bin/passwd", 0o4755, b"\x7fELF")
        .dir("tmp", 0o1777)
        .dir("app", 0o755)
        .file("app/run", 0o755, b"#!/bin/sh\n")
        .file(
            "root/.ssh/id_rsa.pub",
            0o644,
            b"ssh-ed25519 AAAA user@host\n",
        )
}

fn spec(config: Value, layers: Vec<Layer>) -> ImageSpec {
    let mut s = ImageSpec::new(config, layers);
    s.created = days_ago(1);
    s
}

fn healthy() -> ImageSpec {
    spec(healthy_config(), vec![base_layer()])
}

fn with_config(edit: impl Fn(&mut Value)) -> ImageSpec {
    let mut c = healthy_config();
    edit(&mut c);
    spec(c, vec![base_layer()])
}

fn with_layer(extra: Layer) -> ImageSpec {
    spec(healthy_config(), vec![base_layer(), extra])
}

/// The image codes each form of `spec` reports.
fn codes(spec: &ImageSpec, name: &str) -> Vec<(String, BTreeSet<String>)> {
    let dir = temp_dir(&format!("rules-{name}"));
    let layout = dir.join("layout");
    write_oci_layout(&layout, spec);
    let legacy = dir.join("legacy.tar");
    std::fs::write(&legacy, docker_save_legacy(spec)).unwrap();
    let d25 = dir.join("docker25.tar");
    std::fs::write(&d25, docker_save_25(spec)).unwrap();
    let mut out = Vec::new();
    for (form, path) in [
        ("oci-layout", &layout),
        ("docker-save", &legacy),
        ("docker-25", &d25),
    ] {
        out.push((form.to_owned(), scan(path)));
    }
    std::fs::remove_dir_all(&dir).unwrap();
    out
}

fn scan(path: &Path) -> BTreeSet<String> {
    let report = scan_image(path, &OpenOptions::default(), &Config::default())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    report
        .diagnostics
        .into_iter()
        .filter(|d| d.code.starts_with("HG2") || d.code.starts_with("HG3"))
        .map(|d| d.code)
        .collect()
}

fn cases() -> Vec<(&'static str, ImageSpec)> {
    vec![
        ("HG200", with_config(|c| c["User"] = json!(""))),
        ("HG201", with_config(|c| {
            c.as_object_mut().unwrap().remove("Healthcheck");
        })),
        ("HG202", with_config(|c| c["Env"] = json!([format!("GITHUB_TOKEN={TOKEN}")]))),
        ("HG203", with_config(|c| c["Labels"]["ci.token"] = json!(TOKEN))),
        ("HG204", {
            let mut s = healthy();
            s.history = vec![json!({"created": days_ago(1), "created_by": format!("RUN |1 GITHUB_TOKEN={TOKEN} /bin/sh -c make # buildkit")})];
            s
        }),
        ("HG205", with_config(|c| c["ExposedPorts"] = json!({"22/tcp": {}}))),
        ("HG206", with_config(|c| c["Volumes"] = json!({"/var/run/docker.sock": {}}))),
        ("HG207", {
            let mut s = healthy();
            s.created = "2020-01-01T00:00:00Z".into();
            s
        }),
        ("HG208", with_config(|c| c["Labels"] = json!({}))),
        ("HG300", with_layer(Layer::new().file("usr/local/bin/suidtool", 0o4755, b"\x7fELF"))),
        ("HG301", with_layer(Layer::new().file("app/settings.conf", 0o666, b"x=1\n"))),
        ("HG302", with_layer(Layer::new().file("root/.ssh/id_rsa", 0o600, KEY))),
        ("HG303", with_layer(Layer::new().file("app/.git/HEAD", 0o644, b"ref: refs/heads/main\n").file("app/.git/config", 0o644, b"[core]\n"))),
        ("HG304", with_layer(Layer::new().file("root/.bash_history", 0o600, b"ls\nexit\n"))),
        ("HG305", with_layer(Layer::new().file("etc/shadow", 0o640, b"root::19000:0:99999:7:::\n"))),
        ("HG306", with_layer(Layer::new().file("etc/passwd", 0o644, b"root:x:0:0:root:/root:/bin/sh\ntoor:x:0:0::/root:/bin/sh\napp:x:1000:1000::/home/app:/bin/sh\n"))),
        ("HG307", with_config(|c| c["User"] = json!("ghost"))),
        ("HG308", with_layer(Layer::new().file("var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_main_binary-amd64_Packages", 0o644, &vec![b'x'; 200 * 1024]))),
        ("HG309", with_layer(Layer::new().file("usr/bin/gcc", 0o755, b"\x7fELF").file("usr/bin/make", 0o755, b"\x7fELF"))),
        ("HG310", spec(healthy_config(), vec![
            base_layer().file("root/.ssh/id_rsa", 0o600, KEY),
            Layer::new().whiteout("root/.ssh/id_rsa"),
        ])),
        ("HG320", spec(healthy_config(), vec![
            base_layer().file("app/big.bin", 0o644, &vec![7u8; 3 << 20]),
            Layer::new().whiteout("app/big.bin"),
        ])),
    ]
}

#[test]
fn a_healthy_image_has_no_image_findings_in_any_form() {
    for (form, found) in codes(&healthy(), "healthy") {
        assert!(found.is_empty(), "{form}: {found:?}");
    }
}

#[test]
fn every_image_rule_fires_on_its_image_in_every_form() {
    let cases = cases();
    let covered: BTreeSet<&str> = cases.iter().map(|(c, _)| *c).collect();
    let image_rules: BTreeSet<&str> = rules()
        .filter(|m| m.is_image_rule())
        .map(|m| m.code)
        .collect();
    assert_eq!(covered, image_rules, "every image rule needs a case here");
    for (code, spec) in &cases {
        for (form, found) in codes(spec, code) {
            assert!(
                found.contains(*code),
                "{code} does not fire in {form}: {found:?}"
            );
        }
    }
}
