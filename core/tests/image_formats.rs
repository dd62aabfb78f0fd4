//! Every image form hullguard reads gives the same image: the same config,
//! layers and final filesystem, whether it comes as an OCI layout, an OCI
//! archive, a `docker save` archive (legacy or Docker 25+, gzipped or not),
//! a skopeo `dir:`, and (config only) a bare config or `docker inspect`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use std::path::Path;

use hullguard::image::{Format, Image, OpenOptions, Platform, open_image};
use serde_json::json;
use support::images::*;

fn spec() -> ImageSpec {
    let base = Layer::new()
        .dir("etc", 0o755)
        .file(
            "etc/passwd",
            0o644,
            b"root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000::/home/app:/bin/sh\n",
        )
        .file("etc/shadow", 0o640, b"root:*:19000:0:99999:7:::\n")
        .dir("usr/lib", 0o755)
        .file(
            "usr/lib/os-release",
            0o644,
            b"ID=debian\nVERSION_ID=\"12\"\n",
        )
        .symlink("etc/os-release", "../usr/lib/os-release")
        .file("app/big.bin", 0o644, &[7u8; 5000])
        .file("app/.env", 0o600, b"API_TOKEN=abc\n");
    let top = Layer::new()
        .whiteout("app/big.bin")
        .whiteout("app/.env")
        .file("app/run.sh", 0o755, b"#!/bin/sh\nexec app\n")
        .hardlink("app/run-link.sh", "app/run.sh");
    ImageSpec::new(
        json!({"User": "app", "Env": ["PATH=/usr/bin"], "Cmd": ["/app/run.sh"]}),
        vec![base, top],
    )
}

fn open(path: &Path) -> Image {
    open_image(path, &OpenOptions::default()).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn visible(img: &Image) -> Vec<String> {
    img.filesystem
        .as_ref()
        .unwrap()
        .iter()
        .map(|(p, _)| p.to_owned())
        .collect()
}

#[test]
fn every_archive_form_reads_the_same_image() {
    let spec = spec();
    let dir = temp_dir("forms");
    let layout = dir.join("layout");
    write_oci_layout(&layout, &spec);
    let oci_tar = dir.join("oci.tar");
    write_oci_archive(&oci_tar, &spec);
    let legacy = dir.join("legacy.tar");
    std::fs::write(&legacy, docker_save_legacy(&spec)).unwrap();
    let d25 = dir.join("docker25.tar");
    std::fs::write(&d25, docker_save_25(&spec)).unwrap();
    let gz = dir.join("legacy.tar.gz");
    std::fs::write(&gz, compress(&docker_save_legacy(&spec), Compression::Gzip)).unwrap();
    let mdir = dir.join("dir");
    write_manifest_dir(&mdir, &spec);

    let expected = [
        "app/run-link.sh",
        "app/run.sh",
        "etc",
        "etc/os-release",
        "etc/passwd",
        "etc/shadow",
        "usr/lib",
        "usr/lib/os-release",
    ];
    for (path, format) in [
        (&layout, Format::OciLayout),
        (&oci_tar, Format::OciArchive),
        (&legacy, Format::DockerArchive),
        (&d25, Format::DockerArchive),
        (&gz, Format::DockerArchive),
        (&mdir, Format::ManifestDir),
    ] {
        let img = open(path);
        assert_eq!(img.format, format, "{}", path.display());
        assert_eq!(visible(&img), expected, "{}", path.display());
        assert_eq!(img.layers.len(), 2);
        assert_eq!(img.config.user.as_deref(), Some("app"));
        let fs = img.filesystem.as_ref().unwrap();
        // The symlinked os-release resolves to the captured file.
        let os = fs.read(&img.layers, "etc/os-release", 40).unwrap();
        assert!(String::from_utf8_lossy(&os.content).contains("debian"));
        // The deleted .env still ships in layer 1.
        let hidden = fs.hidden_secrets(&img.layers);
        assert_eq!(hidden.len(), 1, "{}", path.display());
        assert_eq!(hidden[0].1, "app/.env");
        // 5000 + 14 bytes were added and then deleted.
        assert_eq!(
            fs.efficiency(&img.layers).wasted_bytes,
            5014,
            "{}",
            path.display()
        );
        assert!(
            img.warnings.is_empty(),
            "{}: {:?}",
            path.display(),
            img.warnings
        );
    }
    assert_eq!(
        open(&legacy).reference.as_deref(),
        Some("example/fixture:1")
    );
    assert_eq!(open(&layout).reference.as_deref(), Some("test"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn config_only_forms() {
    let spec = spec();
    let dir = temp_dir("config-only");
    let (config, _) = spec.blobs();
    let c = dir.join("config.json");
    std::fs::write(&c, &config).unwrap();
    let i = dir.join("inspect.json");
    std::fs::write(&i, inspect_json(&spec)).unwrap();
    for (path, format) in [(&c, Format::ConfigJson), (&i, Format::InspectJson)] {
        let img = open(path);
        assert_eq!(img.format, format);
        assert_eq!(img.config.user.as_deref(), Some("app"));
        assert_eq!(
            img.config.cmd.as_deref(),
            Some(&["/app/run.sh".to_owned()][..])
        );
        assert!(img.filesystem.is_none());
        assert!(img.layers.is_empty());
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn compressions_are_sniffed_not_trusted() {
    for c in [Compression::None, Compression::Gzip, Compression::Zstd] {
        let mut s = spec();
        s.compression = c;
        let dir = temp_dir(&format!("compression-{c:?}"));
        write_oci_layout(&dir, &s);
        let img = open(&dir);
        assert_eq!(visible(&img).len(), 8, "{c:?}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

#[test]
fn opaque_directories_hide_lower_contents() {
    let base = Layer::new()
        .dir("data", 0o755)
        .file("data/a", 0o644, b"a")
        .file("data/b", 0o644, b"b");
    let top = Layer::new()
        .dir("data", 0o755)
        .opaque("data")
        .file("data/c", 0o644, b"c");
    let s = ImageSpec::new(json!({}), vec![base, top]);
    let dir = temp_dir("opaque");
    write_oci_layout(&dir, &s);
    assert_eq!(visible(&open(&dir)), ["data", "data/c"]);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_multi_platform_index_picks_the_platform() {
    let dir = temp_dir("multi");
    // Two images in one layout: amd64 (User app) and arm64 (User other).
    let amd = spec();
    let mut arm = spec();
    arm.run_config = json!({"User": "other"});
    let files_amd = oci_layout_files(&amd);
    let (cfg_arm, layers_arm) = arm.blobs();
    let cfg_arm: serde_json::Value = {
        let mut v: serde_json::Value = serde_json::from_slice(&cfg_arm).unwrap();
        v["architecture"] = json!("arm64");
        v
    };
    let cfg_arm = serde_json::to_vec(&cfg_arm).unwrap();
    let man_arm = arm.manifest(&cfg_arm, &layers_arm);
    write_dir(&dir, &files_amd);
    let man_amd_digest = {
        let idx: serde_json::Value = serde_json::from_slice(&files_amd[1].1).unwrap();
        idx["manifests"][0]["digest"].as_str().unwrap().to_owned()
    };
    let man_amd =
        std::fs::read(dir.join(format!("blobs/sha256/{}", &man_amd_digest[7..]))).unwrap();
    let nested = json!({
        "schemaVersion": 2,
        "mediaType": "application/vnd.oci.image.index.v1+json",
        "manifests": [
            {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": man_amd_digest, "size": man_amd.len(),
             "platform": {"architecture": "amd64", "os": "linux"}},
            {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": sha256(&man_arm), "size": man_arm.len(),
             "platform": {"architecture": "arm64", "os": "linux", "variant": "v8"}},
        ]
    });
    let nested_bytes = serde_json::to_vec(&nested).unwrap();
    let top = json!({"schemaVersion": 2, "manifests": [
        {"mediaType": "application/vnd.oci.image.index.v1+json", "digest": sha256(&nested_bytes), "size": nested_bytes.len()}
    ]});
    let mut extra = vec![
        ("index.json".to_owned(), serde_json::to_vec(&top).unwrap()),
        (
            format!("blobs/sha256/{}", &sha256(&nested_bytes)[7..]),
            nested_bytes,
        ),
        (format!("blobs/sha256/{}", &sha256(&man_arm)[7..]), man_arm),
        (format!("blobs/sha256/{}", &sha256(&cfg_arm)[7..]), cfg_arm),
    ];
    for (b, _) in &layers_arm {
        extra.push((format!("blobs/sha256/{}", &sha256(b)[7..]), b.clone()));
    }
    write_dir(&dir, &extra);
    assert_eq!(open(&dir).config.user.as_deref(), Some("app"));
    let arm64 = OpenOptions {
        platform: Platform::parse("linux/arm64"),
        ..OpenOptions::default()
    };
    assert_eq!(
        open_image(&dir, &arm64).unwrap().config.user.as_deref(),
        Some("other")
    );
    let s390 = OpenOptions {
        platform: Platform::parse("linux/s390x"),
        ..OpenOptions::default()
    };
    let e = open_image(&dir, &s390).unwrap_err();
    assert_eq!(e.code(), "IMAGE_PLATFORM");
    assert!(e.to_string().contains("linux/arm64/v8"), "{e}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn docker_media_types_and_null_manifests_are_accepted() {
    let dir = temp_dir("docker-media");
    let s = spec();
    let mut files = oci_layout_files(&s);
    // Rewrite the manifest with Docker v2s2 media types.
    let (config, layers) = s.blobs();
    let m = json!({
        "schemaVersion": 2,
        "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
        "config": {"mediaType": "application/vnd.docker.container.image.v1+json", "digest": sha256(&config), "size": config.len()},
        "layers": layers.iter().map(|(b, _)| json!({"mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip", "digest": sha256(b), "size": b.len()})).collect::<Vec<_>>(),
    });
    let m = serde_json::to_vec(&m).unwrap();
    files.push((format!("blobs/sha256/{}", &sha256(&m)[7..]), m.clone()));
    files[1].1 = serde_json::to_vec(&json!({"schemaVersion": 2, "manifests": [
        {"mediaType": "application/vnd.docker.distribution.manifest.v2+json", "digest": sha256(&m), "size": m.len()}
    ]}))
    .unwrap();
    write_dir(&dir, &files);
    assert_eq!(visible(&open(&dir)).len(), 8);
    // Docker 25's `"manifests": null` index: nothing to pick, a typed error.
    std::fs::write(
        dir.join("index.json"),
        br#"{"schemaVersion":2,"manifests":null}"#,
    )
    .unwrap();
    assert_eq!(
        open_image(&dir, &OpenOptions::default())
            .unwrap_err()
            .code(),
        "IMAGE_PLATFORM"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn diff_ids_are_checked_when_asked() {
    let verify = OpenOptions {
        verify_diff_ids: true,
        ..OpenOptions::default()
    };
    let s = spec();
    let dir = temp_dir("diff-ids");
    let layout = dir.join("layout");
    write_oci_layout(&layout, &s);
    let legacy = dir.join("legacy.tar");
    std::fs::write(&legacy, docker_save_legacy(&s)).unwrap();
    for path in [&layout, &legacy] {
        assert!(open_image(path, &verify).is_ok(), "{}", path.display());
    }
    // A config whose diff_id does not match its (consistent, verified) layer.
    let (config, layers) = s.blobs();
    let mut c: serde_json::Value = serde_json::from_slice(&config).unwrap();
    c["rootfs"]["diff_ids"][0] = json!(format!("sha256:{}", "0".repeat(64)));
    let config = serde_json::to_vec(&c).unwrap();
    let manifest = s.manifest(&config, &layers);
    let bad = dir.join("bad");
    let mut files = vec![
        ("oci-layout".to_owned(), br#"{"imageLayoutVersion":"1.0.0"}"#.to_vec()),
        (
            "index.json".to_owned(),
            serde_json::to_vec(&json!({"schemaVersion": 2, "manifests": [
                {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": sha256(&manifest), "size": manifest.len()}]}))
            .unwrap(),
        ),
    ];
    for b in [manifest, config]
        .into_iter()
        .chain(layers.into_iter().map(|(b, _)| b))
    {
        files.push((format!("blobs/sha256/{}", &sha256(&b)[7..]), b));
    }
    write_dir(&bad, &files);
    assert!(open_image(&bad, &OpenOptions::default()).is_ok());
    let e = open_image(&bad, &verify).unwrap_err();
    assert_eq!(e.code(), "IMAGE_DIGEST_MISMATCH");
    assert!(e.to_string().contains("uncompressed"), "{e}");
    std::fs::remove_dir_all(&dir).unwrap();
}
