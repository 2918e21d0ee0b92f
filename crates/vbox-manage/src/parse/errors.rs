//! VBoxManage error blocks and progress lines (both on stderr).
//!
//! An error block is a run of lines prefixed `VBoxManage: error: ` (`VBoxManage.exe: error: `
//! on Windows): message lines, then `Details: code <SYM> (0x…), component …, interface …,
//! callee …` and `Context: "<call>" at line N of file <File>.cpp`. Progress lines
//! (`0%...10%...`), `Progress state: <SYM>` lines and truncated blocks are tolerated.

use vbox_types::{Error, ErrorKind, ResultCode};

/// A parsed VBoxManage error block.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ManageError {
    /// The message lines (everything but `Details:` and `Context:`), in order.
    pub messages: Vec<String>,
    /// The result code from `Details: code …`, else from `Progress state: …` or a failed
    /// progress line (`30%...VBOX_E_OBJECT_IN_USE`).
    pub code: Option<ResultCode>,
    /// `component …` of the Details line (`VirtualBoxWrap`).
    pub component: Option<String>,
    /// `interface …` of the Details line (`IVirtualBox`).
    pub interface: Option<String>,
    /// The text after `Context: ` (possibly truncated).
    pub context: Option<String>,
}

impl ManageError {
    /// The first message line, or an empty string.
    pub fn message(&self) -> &str {
        self.messages.first().map(String::as_str).unwrap_or("")
    }

    /// The common error: kind from the code (`Error::from_code`) and the first message line;
    /// without a code the kind comes from known texts (`… is not currently running` and
    /// `Invalid machine state` → InvalidState, `Could not find a registered machine` →
    /// NotFound, the `guestproperty wait` timeout → Timeout), else Backend. A VBoxSVC that
    /// could not be reached is Transient whatever the code.
    pub fn to_error(&self) -> Error {
        let message = match self.messages.first() {
            Some(m) => m.clone(),
            None => self
                .context
                .clone()
                .unwrap_or_else(|| "VBoxManage failed".to_string()),
        };
        let transient = message.contains(NO_COM_SERVER) || message.starts_with(SESSION_GONE);
        let error = match self.code {
            Some(code) => Error::from_code(code, message),
            None => {
                let kind = kind_from_text(&message);
                Error::new(kind, message)
            }
        };
        if transient {
            error.with_kind(ErrorKind::Transient)
        } else {
            error
        }
    }
}

/// VBoxSVC ends itself a few seconds after its last client left; a VBoxManage that starts
/// while it shuts down cannot reach it and fails with this (real 7.2: a call 5.0 s after the
/// previous one). The next call starts a new VBoxSVC, so it is worth a retry.
const NO_COM_SERVER: &str = "Failed to create the VirtualBox object";

/// What VBoxManage's own clean-up (`UnlockMachine`) says when VBoxSVC closed the session under
/// it: seen on the real 7.2.22 host as the only error of a read racing two destroys of linked
/// clones of one template. Nothing was changed; reading again is right.
const SESSION_GONE: &str = "The session is not locked";

fn kind_from_text(message: &str) -> ErrorKind {
    if message.contains("is not currently running")
        || message.contains("is not running")
        || message.contains("Invalid machine state")
    {
        ErrorKind::InvalidState
    } else if message.contains("Could not find a registered machine")
        || message.contains("Could not find a controller named")
    {
        ErrorKind::NotFound
    } else if message.contains("Time out or interruption while waiting") {
        ErrorKind::Timeout
    } else {
        ErrorKind::Backend
    }
}

/// The text after a `VBoxManage: error:` / `VBoxManage.exe: error:` prefix (any path or
/// progress text before the program name is allowed), or `None` for other lines.
fn error_payload(line: &str) -> Option<&str> {
    let at = line.find(": error:")?;
    let prefix = line[..at].to_ascii_lowercase();
    if !(prefix.ends_with("vboxmanage") || prefix.ends_with("vboxmanage.exe")) {
        return None;
    }
    Some(line[at + ": error:".len()..].trim())
}

/// A result code from a symbol, or from a `(0x…)` hex value when the symbol is unknown.
fn code_from(symbol: &str, hex: Option<&str>) -> Option<ResultCode> {
    ResultCode::from_symbol(symbol.trim()).or_else(|| {
        let h = hex?.trim().trim_start_matches('(').trim_end_matches(')');
        let h = h.strip_prefix("0x").or_else(|| h.strip_prefix("0X"))?;
        u32::from_str_radix(h, 16).ok().map(ResultCode)
    })
}

/// The code of a `<SYM> (0x…) - <text>` line.
fn code_line(rest: &str) -> Option<ResultCode> {
    let mut words = rest.split_whitespace();
    let symbol = words.next()?;
    code_from(symbol, words.next())
}

/// Reads `code <SYM> (0x…), component C, interface I, callee X` into `err`.
fn parse_details(details: &str, err: &mut ManageError) {
    for part in details.split(", ") {
        let part = part.trim();
        if let Some(rest) = part.strip_prefix("code ") {
            let mut words = rest.split_whitespace();
            if let Some(sym) = words.next() {
                // The first block is the failure; later ones are what VBoxManage ran into while
                // cleaning up (real 7.2: "The object is not ready" then "The session is not
                // locked" from its UnlockMachine).
                if let (None, Some(code)) = (err.code, code_from(sym, words.next())) {
                    err.code = Some(code);
                }
            }
        } else if let Some(rest) = part.strip_prefix("component ") {
            err.component = Some(rest.trim().to_string());
        } else if let Some(rest) = part.strip_prefix("interface ") {
            err.interface = Some(rest.trim().to_string());
        }
    }
}

/// The error block in VBoxManage's stderr, or `None` when it has no `error:` line.
pub fn parse_error(stderr: &str) -> Option<ManageError> {
    let mut err = ManageError::default();
    let mut seen = false;
    let mut fallback_code = None;
    for line in stderr.lines() {
        let line = line.trim_end_matches('\r');
        if let Some(payload) = error_payload(line) {
            seen = true;
            if let Some(details) = payload.strip_prefix("Details:") {
                parse_details(details.trim(), &mut err);
            } else if let Some(code) = payload.strip_prefix("Code ").and_then(code_line) {
                // `Code NS_ERROR_FAILURE (0x80004005) - Operation failed (…)`: the form of
                // errors from before a VirtualBox object exists.
                fallback_code = fallback_code.or(Some(code));
            } else if let Some(context) = payload.strip_prefix("Context:") {
                err.context = Some(context.trim().to_string());
            } else if !payload.is_empty() {
                err.messages.push(payload.to_string());
            }
        } else if let Some(state) = line.trim().strip_prefix("Progress state:") {
            fallback_code = fallback_code.or_else(|| code_from(state, None));
        } else if line.contains("%...") {
            // A failed progress line ends with the symbol where `100%` would be.
            if let Some(last) = line.trim().rsplit("...").next() {
                if !last.ends_with('%') {
                    fallback_code = fallback_code.or_else(|| code_from(last, None));
                }
            }
        }
    }
    if !seen {
        return None;
    }
    if err.code.is_none() {
        err.code = fallback_code;
    }
    Some(err)
}

/// The percentages of every progress line (`0%...10%...100%`) in stderr, in order.
pub fn parse_progress(stderr: &str) -> Vec<u32> {
    let mut out = Vec::new();
    for line in stderr.lines() {
        let line = line.trim();
        if !line.starts_with(|c: char| c.is_ascii_digit()) {
            continue;
        }
        for piece in line.split("...") {
            match piece
                .trim()
                .strip_suffix('%')
                .and_then(|n| n.parse::<u32>().ok())
            {
                Some(n) if n <= 100 => out.push(n),
                _ => break,
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_session_closed_under_the_clean_up_is_transient() {
        // The text of the real 7.2.22 run (a fleet's concurrent destroys).
        let stderr = "VBoxManage: error: The session is not locked (session state: Unlocked)\n\
            VBoxManage: error: Details: code NS_ERROR_UNEXPECTED (0x8000ffff), component SessionWrap, interface ISession, callee nsISupports\n\
            VBoxManage: error: Context: \"UnlockMachine()\" at line 3336 of file VBoxManageInfo.cpp\n";
        let e = parse_error(stderr).expect("an error").to_error();
        assert_eq!(e.kind(), ErrorKind::Transient);
    }

    #[test]
    fn no_error() {
        assert!(parse_error("").is_none());
        assert!(parse_error("0%...100%\n").is_none());
    }

    #[test]
    fn progress() {
        assert_eq!(
            parse_progress("0%...10%...20%...VBOX_E_X\n"),
            vec![0, 10, 20]
        );
        assert_eq!(
            parse_progress("0%...10%...20%...30%...40%...50%...60%...70%...80%...90%...100%\n")
                .len(),
            11
        );
        assert!(parse_progress("VBoxManage: error: 50% done\n").is_empty());
    }

    #[test]
    fn hex_fallback() {
        let e = parse_error("VBoxManage: error: x\nVBoxManage: error: Details: code FOO (0x80bb0001), component C, interface I, callee nsISupports\n").unwrap();
        assert_eq!(e.code, Some(ResultCode::OBJECT_NOT_FOUND));
    }
}
