//! Hostile and broken images, each made in test code: every one is
//! rejected with a typed error (or read safely), never a panic, a hang, an
//! escape from the image or an unbounded allocation.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use std::path::Path;

use hullguard::image::{Limits, OpenOptions, open_image};
use serde_json::json;
use support::images::*;

fn code_of(path: &Path, options: &OpenOptions) -> String {
    match open_image(path, options) {
        Ok(_) => "OK".to_owned(),
        Err(e) => {
            assert!(!e.to_string().is_empty());
            e.code().to_owned()
        }
    }
}

fn layout_with(layer: Layer) -> (std::path::PathBuf, ImageSpec) {
    let s = ImageSpec::new(json!({}), vec![layer]);
    let dir = temp_dir(&format!("hostile-{:x}", rand_suffix()));
    write_oci_layout(&dir, &s);
    (dir, s)
}

fn rand_suffix() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    N.fetch_add(1, Ordering::Relaxed)
}

fn default() -> OpenOptions {
    OpenOptions::default()
}

/// The blob file of the only layer.
fn layer_blob(dir: &Path, s: &ImageSpec) -> std::path::PathBuf {
    let (_, layers) = s.blobs();
    dir.join(format!("blobs/sha256/{}", &sha256(&layers[0].0)[7..]))
}

#[test]
fn path_traversal_in_a_layer_is_refused() {
    let (dir, _) = layout_with(Layer::new().raw(b"../../etc/evil", b"x"));
    assert_eq!(code_of(&dir, &default()), "IMAGE_UNSAFE_PATH");
    let (dir2, _) = layout_with(Layer::new().raw(b"a/../../b", b"x"));
    assert_eq!(code_of(&dir2, &default()), "IMAGE_UNSAFE_PATH");
    let (dir3, _) = layout_with(Layer::new().raw(b"dir/.wh.", b""));
    assert_eq!(code_of(&dir3, &default()), "IMAGE_UNSAFE_PATH");
    for d in [dir, dir2, dir3] {
        std::fs::remove_dir_all(d).unwrap();
    }
}

#[test]
fn absolute_names_stay_inside_the_image() {
    let (dir, _) = layout_with(
        Layer::new()
            .raw(b"/etc/passwd", b"root:x:0:0::/root:/bin/sh\n")
            .raw(b"./etc/group", b""),
    );
    let img = open_image(&dir, &default()).unwrap();
    let fs = img.filesystem.unwrap();
    assert!(fs.contains("etc/passwd") && fs.contains("etc/group"));
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn symlink_and_hardlink_loops_do_not_hang() {
    let mut layer = Layer::new()
        .symlink("a", "b")
        .symlink("b", "a")
        .symlink("self", "self")
        .hardlink("h1", "h1")
        .symlink("dir/x", "../dir/x");
    for i in 0..200 {
        layer = layer.symlink(&format!("chain{i}"), &format!("chain{}", i + 1));
    }
    let (dir, _) = layout_with(layer);
    let img = open_image(&dir, &default()).unwrap();
    let fs = img.filesystem.as_ref().unwrap();
    for p in ["a", "self", "h1", "dir/x", "chain0", "etc/passwd"] {
        assert!(fs.read(&img.layers, p, 40).is_none(), "{p}");
    }
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn decompression_bombs_stop_at_the_limits() {
    let s = ImageSpec::new(
        json!({}),
        vec![Layer::new().file("zeros", 0o644, &vec![0u8; 24 << 20])],
    );
    let dir = temp_dir("bomb");
    write_oci_layout(&dir, &s);
    let ratio = OpenOptions {
        limits: Limits {
            ratio_grace_bytes: 1 << 20,
            max_compression_ratio: 100,
            ..Limits::default()
        },
        ..default()
    };
    let e = open_image(&dir, &ratio).unwrap_err();
    assert_eq!(e.code(), "IMAGE_LIMIT");
    assert!(e.to_string().contains("max_compression_ratio"), "{e}");
    let total = OpenOptions {
        limits: Limits {
            max_uncompressed_bytes: 8 << 20,
            ..Limits::default()
        },
        ..default()
    };
    assert!(
        open_image(&dir, &total)
            .unwrap_err()
            .to_string()
            .contains("max_uncompressed_bytes")
    );
    // Within the default limits the same image is fine.
    assert!(open_image(&dir, &default()).is_ok());
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn truncated_layers_are_typed_errors() {
    for c in [Compression::None, Compression::Gzip, Compression::Zstd] {
        let mut s = ImageSpec::new(
            json!({}),
            vec![Layer::new().file("f", 0o644, &[9u8; 100_000])],
        );
        s.compression = c;
        let dir = temp_dir(&format!("truncated-{c:?}"));
        write_oci_layout(&dir, &s);
        let blob = layer_blob(&dir, &s);
        let bytes = std::fs::read(&blob).unwrap();
        std::fs::write(&blob, &bytes[..bytes.len() / 2]).unwrap();
        let code = code_of(&dir, &default());
        assert!(
            ["IMAGE_TAR", "IMAGE_COMPRESSION"].contains(&code.as_str()),
            "{c:?}: {code}"
        );
        std::fs::remove_dir_all(dir).unwrap();
    }
}

#[test]
fn a_missing_tar_trailer_is_only_a_warning() {
    let s = ImageSpec::new(json!({}), vec![Layer::new().file("f", 0o644, b"hello")]);
    let mut spec = s.clone();
    spec.compression = Compression::None;
    let dir = temp_dir("trailer");
    write_oci_layout(&dir, &spec);
    // Cut the end-of-archive blocks and the file's padding, fix up digests.
    let (config, layers) = spec.blobs();
    let tar = &layers[0].1;
    let cut = tar[..512 + 5].to_vec();
    let mut files = oci_layout_files(&spec);
    files.retain(|(n, _)| !n.starts_with("blobs/"));
    let config_text = String::from_utf8(config)
        .unwrap()
        .replace(&sha256(tar), &sha256(&cut));
    let config = config_text.into_bytes();
    let manifest = spec.manifest(&config, &[(cut.clone(), cut.clone())]);
    files[1].1 = serde_json::to_vec(&json!({"schemaVersion": 2, "manifests": [
        {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": sha256(&manifest), "size": manifest.len()}]})).unwrap();
    for b in [manifest, config, cut] {
        files.push((format!("blobs/sha256/{}", &sha256(&b)[7..]), b));
    }
    std::fs::remove_dir_all(&dir).unwrap();
    std::fs::create_dir_all(&dir).unwrap();
    write_dir(&dir, &files);
    let img = open_image(&dir, &default()).unwrap();
    assert!(img.filesystem.unwrap().contains("f"));
    assert!(
        img.warnings.iter().any(|w| w.contains("end-of-archive")),
        "{:?}",
        img.warnings
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn digest_mismatches_and_missing_blobs() {
    let s = ImageSpec::new(json!({}), vec![Layer::new().file("f", 0o644, b"data")]);
    let dir = temp_dir("digest");
    write_oci_layout(&dir, &s);
    let blob = layer_blob(&dir, &s);
    let mut bytes = std::fs::read(&blob).unwrap();
    let n = bytes.len();
    bytes[n - 1] ^= 0xff; // gzip trailer byte: still decodes as far as tar goes
    std::fs::write(&blob, &bytes).unwrap();
    let code = code_of(&dir, &default());
    assert!(
        ["IMAGE_DIGEST_MISMATCH", "IMAGE_COMPRESSION"].contains(&code.as_str()),
        "{code}"
    );
    std::fs::remove_file(&blob).unwrap();
    assert_eq!(code_of(&dir, &default()), "IMAGE_MISSING_BLOB");
    std::fs::remove_dir_all(dir).unwrap();

    // A tampered config is caught before it is believed.
    let dir = temp_dir("digest-config");
    write_oci_layout(&dir, &s);
    let (config, _) = s.blobs();
    let path = dir.join(format!("blobs/sha256/{}", &sha256(&config)[7..]));
    let tampered = String::from_utf8(config)
        .unwrap()
        .replace("\"os\":\"linux\"", "\"os\":\"linuX\"");
    std::fs::write(&path, tampered).unwrap();
    assert_eq!(code_of(&dir, &default()), "IMAGE_DIGEST_MISMATCH");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn digests_cannot_leave_blobs() {
    let dir = temp_dir("escape");
    write_oci_layout(&dir, &ImageSpec::new(json!({}), vec![Layer::new()]));
    for digest in [
        "sha256:../../../etc/passwd",
        "sha256:/etc/passwd",
        "../index.json",
    ] {
        std::fs::write(
            dir.join("index.json"),
            serde_json::to_vec(&json!({"schemaVersion": 2, "manifests": [
                {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": digest, "size": 1}]}))
            .unwrap(),
        )
        .unwrap();
        assert_eq!(code_of(&dir, &default()), "IMAGE_DIGEST", "{digest}");
    }
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn index_cycles_and_deep_nesting_end() {
    let dir = temp_dir("cycle");
    write_oci_layout(&dir, &ImageSpec::new(json!({}), vec![Layer::new()]));
    // A chain of 12 nested indexes (the limit is 8).
    let mut target = {
        let idx: serde_json::Value =
            serde_json::from_slice(&std::fs::read(dir.join("index.json")).unwrap()).unwrap();
        idx["manifests"][0].clone()
    };
    for _ in 0..12 {
        let nested = serde_json::to_vec(&json!({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [target]})).unwrap();
        std::fs::write(
            dir.join(format!("blobs/sha256/{}", &sha256(&nested)[7..])),
            &nested,
        )
        .unwrap();
        target = json!({"mediaType": "application/vnd.oci.image.index.v1+json", "digest": sha256(&nested), "size": nested.len()});
    }
    std::fs::write(
        dir.join("index.json"),
        serde_json::to_vec(&json!({"schemaVersion": 2, "manifests": [target]})).unwrap(),
    )
    .unwrap();
    assert_eq!(code_of(&dir, &default()), "IMAGE_INDEX_CYCLE");
    // An index that names itself cannot verify, so it ends as a mismatch.
    let fake = format!("sha256:{}", "ab".repeat(32));
    let selfref = serde_json::to_vec(&json!({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [
        {"mediaType": "application/vnd.oci.image.index.v1+json", "digest": fake, "size": 1}]})).unwrap();
    std::fs::write(
        dir.join(format!("blobs/sha256/{}", "ab".repeat(32))),
        &selfref,
    )
    .unwrap();
    std::fs::write(
        dir.join("index.json"),
        serde_json::to_vec(&json!({"schemaVersion": 2, "manifests": [
        {"mediaType": "application/vnd.oci.image.index.v1+json", "digest": fake, "size": 1}]}))
        .unwrap(),
    )
    .unwrap();
    assert_eq!(code_of(&dir, &default()), "IMAGE_DIGEST_MISMATCH");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn huge_and_deep_json_is_refused() {
    let dir = temp_dir("json");
    write_oci_layout(&dir, &ImageSpec::new(json!({}), vec![Layer::new()]));
    let mut big = b"{\"manifests\": [], \"pad\": \"".to_vec();
    big.resize(17 << 20, b'a');
    big.extend_from_slice(b"\"}");
    std::fs::write(dir.join("index.json"), &big).unwrap();
    assert_eq!(code_of(&dir, &default()), "IMAGE_LIMIT");
    let deep = "[".repeat(1_000_000);
    std::fs::write(dir.join("index.json"), &deep).unwrap();
    assert_eq!(code_of(&dir, &default()), "IMAGE_JSON");
    let config = dir.join("deep-config.json");
    std::fs::write(&config, format!("{{\"config\": {}", "[".repeat(500_000))).unwrap();
    assert_eq!(code_of(&config, &default()), "IMAGE_JSON");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn archives_cut_short_and_non_images() {
    let s = ImageSpec::new(
        json!({}),
        vec![Layer::new().file("f", 0o644, &[1u8; 50_000])],
    );
    let dir = temp_dir("archives");
    let full = docker_save_legacy(&s);
    let cut = dir.join("cut.tar");
    std::fs::write(&cut, &full[..full.len() / 2]).unwrap();
    let code = code_of(&cut, &default());
    assert!(
        ["IMAGE_TAR", "IMAGE_MISSING_BLOB"].contains(&code.as_str()),
        "{code}"
    );
    let junk = dir.join("junk.bin");
    std::fs::write(&junk, b"\x00\x01\x02 not an image").unwrap();
    assert_eq!(code_of(&junk, &default()), "IMAGE_FORMAT");
    let text = dir.join("notes.json");
    std::fs::write(&text, b"{\"hello\": 1}").unwrap();
    assert_eq!(code_of(&text, &default()), "IMAGE_FORMAT");
    assert_eq!(code_of(&dir.join("missing"), &default()), "IMAGE_IO");
    let empty_dir = dir.join("empty");
    std::fs::create_dir_all(&empty_dir).unwrap();
    assert_eq!(code_of(&empty_dir, &default()), "IMAGE_FORMAT");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn too_many_entries_stop_at_the_limit() {
    let mut layer = Layer::new();
    for i in 0..300 {
        layer = layer.file(&format!("f{i}"), 0o644, b"");
    }
    let (dir, _) = layout_with(layer);
    let few = OpenOptions {
        limits: Limits {
            max_entries_per_layer: 100,
            ..Limits::default()
        },
        ..default()
    };
    assert_eq!(code_of(&dir, &few), "IMAGE_LIMIT");
    assert_eq!(code_of(&dir, &default()), "OK");
    std::fs::remove_dir_all(dir).unwrap();
}
