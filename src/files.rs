//! Reading files within bounds. A file's reported size is not trusted (files under `/proc` say
//! 0, devices say nothing): the limit is enforced while reading. Corpus files are opened without
//! blocking and only regular files are read, so that a named pipe or a device in a folder can
//! neither hang nor flood the reader.

use std::fs::File;
use std::io::Read;
use std::path::Path;

/// A folder of the user's, as the XDG specification names it: `$VAR` when it is set to an
/// absolute path (a relative one is ignored, as the specification says), else `~/home_sub`.
pub fn user_dir(var: &str, home_sub: &str) -> Option<std::path::PathBuf> {
    let absolute = |p: std::path::PathBuf| p.is_absolute().then_some(p);
    std::env::var_os(var)
        .map(std::path::PathBuf::from)
        .and_then(absolute)
        .or_else(|| {
            std::env::var_os("HOME")
                .map(std::path::PathBuf::from)
                .and_then(absolute)
                .map(|h| h.join(home_sub))
        })
}

/// Why a file was not read.
#[derive(Debug)]
pub enum ReadError {
    /// Longer than the limit (in bytes).
    TooLarge(u64),
    /// Not a regular file: what it is instead.
    NotRegular(&'static str),
    Io(std::io::Error),
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::TooLarge(limit) => write!(
                f,
                "larger than the limit of {}",
                crate::text::human_size(*limit)
            ),
            ReadError::NotRegular(kind) => write!(f, "not a regular file ({kind}); not read"),
            ReadError::Io(e) => write!(f, "{e}"),
        }
    }
}

impl From<std::io::Error> for ReadError {
    fn from(e: std::io::Error) -> ReadError {
        ReadError::Io(e)
    }
}

/// What kind of file system entry a file type is, for messages.
pub fn kind_name(t: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a named pipe";
        }
        if t.is_socket() {
            return "a socket";
        }
        if t.is_block_device() || t.is_char_device() {
            return "a device";
        }
    }
    if t.is_symlink() {
        "a symbolic link"
    } else if t.is_dir() {
        "a folder"
    } else if t.is_file() {
        "a file"
    } else {
        "a special file"
    }
}

/// Opens a file for reading without blocking on a named pipe or a device, and refuses anything
/// that is not a regular file.
pub fn open_regular(path: &Path) -> Result<File, ReadError> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    let file = options.open(path)?;
    let t = file.metadata()?.file_type();
    if !t.is_file() {
        return Err(ReadError::NotRegular(kind_name(t)));
    }
    Ok(file)
}

/// Reads at most `limit` bytes from a reader; more is an error.
pub fn read_limited(r: impl Read, limit: u64) -> Result<Vec<u8>, ReadError> {
    let mut buf = Vec::new();
    r.take(limit.saturating_add(1)).read_to_end(&mut buf)?;
    if buf.len() as u64 > limit {
        return Err(ReadError::TooLarge(limit));
    }
    Ok(buf)
}

/// Reads a regular file of at most `limit` bytes.
pub fn read_regular(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let file = open_regular(path)?;
    // A size the file system reports above the limit is believed; one below it is not.
    if file.metadata().is_ok_and(|m| m.len() > limit) {
        return Err(ReadError::TooLarge(limit));
    }
    read_limited(file, limit)
}

/// Reads a file the user named (a draft): pipes and devices are read too, up to `limit` bytes.
pub fn read_named(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let file = File::open(path)?;
    let meta = file.metadata()?;
    if meta.is_dir() {
        return Err(ReadError::NotRegular("a folder"));
    }
    if meta.is_file() && meta.len() > limit {
        return Err(ReadError::TooLarge(limit));
    }
    read_limited(file, limit)
}

/// Whether a folder is a real folder (not a link) that only this user can write to.
#[cfg(unix)]
pub fn is_private(dir: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    std::fs::symlink_metadata(dir).is_ok_and(|m| {
        m.file_type().is_dir() && m.uid() == unsafe { libc::getuid() } && m.mode() & 0o022 == 0
    })
}

#[cfg(not(unix))]
pub fn is_private(dir: &Path) -> bool {
    std::fs::symlink_metadata(dir).is_ok_and(|m| m.file_type().is_dir())
}

/// Creates a folder (and its parents) readable and writable by the user alone.
pub fn create_private(dir: &Path) -> std::io::Result<()> {
    let mut b = std::fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        b.mode(0o700);
    }
    b.create(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_hold_while_reading() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.txt");
        std::fs::write(&p, "0123456789").unwrap();
        assert_eq!(read_regular(&p, 10).unwrap(), b"0123456789");
        assert!(matches!(read_regular(&p, 9), Err(ReadError::TooLarge(9))));
        // Files that report a size of 0 but have content.
        #[cfg(target_os = "linux")]
        {
            let status = Path::new("/proc/self/status");
            assert!(matches!(
                read_regular(status, 10),
                Err(ReadError::TooLarge(10))
            ));
            assert!(matches!(
                read_named(Path::new("/dev/zero"), 1000),
                Err(ReadError::TooLarge(1000))
            ));
            assert!(matches!(
                read_regular(Path::new("/dev/zero"), 1000),
                Err(ReadError::NotRegular("a device"))
            ));
        }
        assert!(matches!(
            read_named(dir.path(), 10),
            Err(ReadError::NotRegular("a folder"))
        ));
    }

    #[cfg(unix)]
    #[test]
    fn named_pipes_are_not_opened_for_reading() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("pipe.txt");
        let c = std::ffi::CString::new(p.to_str().unwrap()).unwrap();
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        // Without a writer, a blocking open would hang here.
        let e = read_regular(&p, 100).unwrap_err();
        assert!(e.to_string().contains("named pipe"), "{e}");
    }
}
