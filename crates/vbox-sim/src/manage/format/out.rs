//! The line writer behind `showvminfo`: one call per setting, rendered either as
//! `--machinereadable` (`key="value"`) or as the human form (`<label padded to 28> <value>`),
//! as VBoxManageInfo.cpp's `SHOW_*` macros do, so both forms come from one ordered list.

/// Which output is being produced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Form {
    /// `--machinereadable`.
    Machine,
    /// Plain `showvminfo` and `list --long`.
    Human,
}

/// The text being built.
#[derive(Debug)]
pub(crate) struct Out {
    form: Form,
    /// 7.0 rewrote `outputMachineReadableString`: keys are escaped too and quoted when they
    /// contain `=`. Up to 6.1 only values are escaped.
    escape_keys: bool,
    buf: String,
}

impl Out {
    /// An empty output of one form.
    pub(crate) fn new(form: Form, escape_keys: bool) -> Out {
        Out {
            form,
            escape_keys,
            buf: String::new(),
        }
    }

    /// Whether this is the machine-readable form.
    pub(crate) fn mr(&self) -> bool {
        self.form == Form::Machine
    }

    /// The finished text.
    pub(crate) fn finish(self) -> String {
        self.buf
    }

    /// A line printed as is, whatever the form.
    pub(crate) fn line(&mut self, text: &str) {
        self.buf.push_str(text);
        self.buf.push('\n');
    }

    /// A line only the machine-readable form prints.
    pub(crate) fn mr_line(&mut self, text: &str) {
        if self.mr() {
            self.line(text);
        }
    }

    /// A line only the human form prints.
    pub(crate) fn human_line(&mut self, text: &str) {
        if !self.mr() {
            self.line(text);
        }
    }

    /// `SHOW_UTF8_STRING`: `key="value"` (escaped) or `<label> value`.
    pub(crate) fn string(&mut self, key: &str, label: &str, value: &str) {
        self.pair(key, value, label, value);
    }

    /// A setting whose machine-readable and human values differ (`vboxvga` / `VBoxVGA`).
    pub(crate) fn pair(&mut self, key: &str, mr_value: &str, label: &str, human_value: &str) {
        if self.mr() {
            let line = quoted(key, mr_value, false, self.escape_keys);
            self.line(&line);
        } else {
            self.line(&labelled(label, human_value));
        }
    }

    /// `SHOW_BOOLEAN_PROP`: `on`/`off` or `enabled`/`disabled`.
    pub(crate) fn on_off(&mut self, key: &str, label: &str, on: bool) {
        self.on_off_ex(key, label, on, "enabled", "disabled");
    }

    /// `SHOW_BOOLEAN_PROP_EX`: `on`/`off` or the given human words.
    pub(crate) fn on_off_ex(&mut self, key: &str, label: &str, on: bool, yes: &str, no: &str) {
        let mr = if on { "on" } else { "off" };
        self.pair(key, mr, label, if on { yes } else { no });
    }

    /// `SHOW_ULONG_PROP`: an unquoted `key=n` or `<label> n<unit>`.
    pub(crate) fn number(&mut self, key: &str, label: &str, n: i64, unit: &str) {
        if self.mr() {
            self.line(&format!("{key}={n}"));
        } else {
            self.line(&labelled(label, &format!("{n}{unit}")));
        }
    }

    /// A quoted-key line (`"SATA-0-0"="…"`), escaped from 7.0 on and printed raw before.
    pub(crate) fn quoted_key(&mut self, key: &str, value: &str) {
        let line = if self.escape_keys {
            quoted(key, value, true, true)
        } else {
            format!("\"{key}\"=\"{value}\"")
        };
        self.line(&line);
    }
}

/// `%-28s %s`: the label padded to 28 columns, a space, the value.
pub(crate) fn labelled(label: &str, value: &str) -> String {
    format!("{label:<28} {value}")
}

/// `outputMachineReadableString`: `"` and `\` escaped with a backslash in the value (and,
/// from 7.0, in the key, which is quoted when asked to or when it contains `=`).
pub(crate) fn quoted(key: &str, value: &str, quote_key: bool, escape_key: bool) -> String {
    let quote_key = quote_key || (escape_key && key.contains('='));
    let key = if escape_key {
        escape(key)
    } else {
        key.to_string()
    };
    let value = escape(value);
    if quote_key {
        format!("\"{key}\"=\"{value}\"")
    } else {
        format!("{key}=\"{value}\"")
    }
}

/// Backslash before every `"` and `\`.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c == '"' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_follows_vboxmanage() {
        // `showvminfo-poweroff-other-quoted-name`: name="tmpl \"q\"".
        assert_eq!(
            quoted("name", "tmpl \"q\"", false, true),
            "name=\"tmpl \\\"q\\\"\""
        );
        assert_eq!(quoted("a=b", "c\\d", false, true), "\"a=b\"=\"c\\\\d\"");
        assert_eq!(quoted("a=b", "c", false, false), "a=b=\"c\"");
        assert_eq!(
            labelled("Name:", "web 01"),
            format!("Name:{}web 01", " ".repeat(24))
        );
        assert_eq!(
            labelled("Configured memory balloon size:", "0MB"),
            "Configured memory balloon size: 0MB"
        );
    }

    #[test]
    fn both_forms_from_one_call() {
        for (form, want) in [
            (Form::Machine, "pae=\"on\"\nmemory=128\n"),
            (
                Form::Human,
                "PAE:                         enabled\nMemory size:                 128MB\n",
            ),
        ] {
            let mut o = Out::new(form, true);
            o.on_off("pae", "PAE:", true);
            o.number("memory", "Memory size:", 128, "MB");
            assert_eq!(o.finish(), want);
        }
    }
}
