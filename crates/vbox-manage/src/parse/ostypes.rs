//! `list ostypes`: blocks of `ID:`, `Description:`, `Family ID:`, … per guest OS type. Read
//! because `showvminfo --machinereadable` prints a machine's OS type as its description
//! (`ostype="Ubuntu (64-bit)"`), while everything else names it by id (`Ubuntu_64`).

/// `(id, description)` of every OS type listed, in order.
pub fn parse_list_ostypes(stdout: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut id: Option<String> = None;
    for line in stdout.lines().map(|l| l.trim_end_matches('\r')) {
        if let Some(v) = line.strip_prefix("ID:") {
            id = Some(v.trim().to_string());
        } else if let Some(v) = line.strip_prefix("Description:") {
            if let Some(id) = id.take() {
                out.push((id, v.trim().to_string()));
            }
        }
    }
    out
}

/// The id of the OS type described as `description`; `None` when no listed type has it.
pub fn id_of<'a>(types: &'a [(String, String)], description: &str) -> Option<&'a str> {
    types
        .iter()
        .find(|(_, d)| d == description)
        .map(|(id, _)| id.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks() {
        let t = parse_list_ostypes("ID:          Other\r\nDescription: Other/Unknown\r\nFamily ID:   Other\r\n\r\nID:          Ubuntu_64\nDescription: Ubuntu (64-bit)\n");
        assert_eq!(id_of(&t, "Ubuntu (64-bit)"), Some("Ubuntu_64"));
        assert_eq!(id_of(&t, "Other/Unknown"), Some("Other"));
        assert_eq!(id_of(&t, "Nope"), None);
    }
}
