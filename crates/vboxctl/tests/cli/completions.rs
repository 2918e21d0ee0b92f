//! `completions`: scripts for bash, zsh and fish that know every command.

use crate::TestContext;

#[test]
fn scripts_name_the_commands() {
    let ctx = TestContext::new();
    for (shell, marker) in [
        ("bash", "_vboxctl()"),
        ("zsh", "#compdef vboxctl"),
        ("fish", "complete -c vboxctl"),
    ] {
        let out = ctx.bare().args(["completions", shell]).output().unwrap();
        assert!(out.status.success(), "{shell}");
        let script = String::from_utf8(out.stdout).unwrap();
        assert!(
            script.contains(marker),
            "{shell}: {}",
            &script[..200.min(script.len())]
        );
        for command in ["clone", "destroy", "guestproperty", "snapshot"] {
            assert!(script.contains(command), "{shell} completes {command}");
        }
    }
    let bad = ctx.bare().args(["completions", "tcsh"]).output().unwrap();
    assert_eq!(bad.status.code(), Some(2));
}
