//! The engine alone begins operations, and its reads write only what became due.

use crate::Sim;
use std::path::Path;
use std::time::Duration;
use vbox_types::{Backend, CreateMachine, StartType};

/// What only the engine (and the model it drives) may use: the model's entry points of
/// operations that span time, the pending progress of a machine, advancing the model and
/// the store, the session locks of other clients. Each with whether the engine has a method of that name, which a face calls
/// instead (`engine.begin_start(…)` is allowed; `control::begin_start(…)` is not).
const ENGINE_ONLY: &[(&str, bool)] = &[
    ("begin_start", true),
    ("begin_control", true),
    ("begin_take", false),
    ("clone::clone", false),
    ("pending", false),
    ("advance", false),
    ("Store", false),
    ("held_lock", false),
    ("session::hold", false),
];

/// Every `.rs` file under `dir`.
fn sources(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let path = e.path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|x| x == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn no_module_outside_the_engine_opens_an_operation() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    let mut offences = Vec::new();
    for file in files {
        let rel = file
            .strip_prefix(&src)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        if rel.starts_with("engine/") || rel.starts_with("model/") || rel == "clock.rs" {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or_default();
            for (word, engine_method) in ENGINE_ONLY {
                for (at, _) in code.match_indices(word) {
                    let before = code[..at].chars().last();
                    let after = code[at + word.len()..].chars().next();
                    let whole = !before.is_some_and(|c| c.is_alphanumeric() || c == '_')
                        && !after.is_some_and(|c| c.is_alphanumeric() || c == '_');
                    // `engine.begin_start(…)` calls the engine; anything else reaches past it.
                    if whole && !(*engine_method && before == Some('.')) {
                        offences.push(format!("{rel}:{}: {}", n + 1, line.trim()));
                    }
                }
            }
        }
    }
    assert!(
        offences.is_empty(),
        "only src/engine may begin operations, follow progresses, hold locks and advance the model:\n{}",
        offences.join("\n")
    );
}

#[tokio::test(start_paused = true)]
async fn a_read_saves_what_became_due_once_then_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let sim = Sim::open(dir.path()).unwrap();
    sim.create_machine(&CreateMachine {
        name: "vm".into(),
        ..Default::default()
    })
    .await
    .unwrap();
    let begun = sim.engine().begin_start("vm", StartType::Headless).unwrap();
    let before = sim.io_counts();
    // Nothing due yet: the read writes nothing and sees the launch under way.
    assert_eq!(
        sim.get_machine("vm").await.unwrap().state,
        vbox_types::MachineState::Starting
    );
    assert_eq!(sim.io_counts(), before);
    // The launch completes by itself: the first read after saves it (one write lock) …
    let due = begun.progress.due_ms - sim.now_ms();
    tokio::time::sleep(Duration::from_millis(due as u64)).await;
    assert_eq!(
        sim.get_machine("vm").await.unwrap().state,
        vbox_types::MachineState::Running
    );
    let saved = sim.io_counts();
    assert_eq!(saved.exclusive_locks, before.exclusive_locks + 1);
    // … and the next read of the same moment writes nothing more.
    sim.get_machine("vm").await.unwrap();
    assert_eq!(sim.io_counts(), saved);
}
