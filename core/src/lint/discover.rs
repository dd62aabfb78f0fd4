//! Finding Dockerfiles under a directory: `Dockerfile`, `Containerfile`,
//! `*.Dockerfile`, `*.dockerfile`, `Dockerfile.*` and `Containerfile.*`,
//! skipping VCS metadata and dependency folders.

use std::path::{Path, PathBuf};

/// Folders never searched.
const SKIP_DIRS: [&str; 6] = [
    ".git",
    "node_modules",
    "target",
    ".venv",
    "vendor",
    "__pycache__",
];

/// Whether a file name looks like a Dockerfile.
pub fn is_dockerfile_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower == "dockerfile"
        || lower == "containerfile"
        || lower.ends_with(".dockerfile")
        || lower.ends_with(".containerfile")
        || (lower.starts_with("dockerfile.") && !lower.ends_with(".dockerignore"))
        || lower.starts_with("containerfile.")
}

/// Every Dockerfile below `dir`, sorted, without following symbolic links.
pub fn find_dockerfiles(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for entry in std::fs::read_dir(&d)? {
            let entry = entry?;
            let kind = entry.file_type()?;
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if kind.is_dir() {
                if !SKIP_DIRS.contains(&name.as_ref()) {
                    todo.push(entry.path());
                }
            } else if kind.is_file() && is_dockerfile_name(&name) {
                out.push(entry.path());
            }
        }
    }
    out.sort();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        for n in [
            "Dockerfile",
            "Containerfile",
            "api.Dockerfile",
            "Dockerfile.dev",
            "x.dockerfile",
        ] {
            assert!(is_dockerfile_name(n), "{n}");
        }
        for n in [
            "Dockerfile.dockerignore",
            "README.md",
            "dockerfile-parser.rs",
        ] {
            assert!(!is_dockerfile_name(n), "{n}");
        }
    }

    #[test]
    fn walks_and_skips() {
        let root = std::env::temp_dir().join(format!("hg-discover-{}", std::process::id()));
        std::fs::create_dir_all(root.join("svc/node_modules/x")).unwrap();
        std::fs::write(root.join("svc/Dockerfile"), "FROM a\n").unwrap();
        std::fs::write(root.join("svc/node_modules/x/Dockerfile"), "FROM a\n").unwrap();
        std::fs::write(root.join("web.Dockerfile"), "FROM a\n").unwrap();
        let found = find_dockerfiles(&root).unwrap();
        assert_eq!(
            found,
            [root.join("svc/Dockerfile"), root.join("web.Dockerfile")]
        );
        let _ = std::fs::remove_dir_all(&root);
    }
}
