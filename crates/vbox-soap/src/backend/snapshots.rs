//! Snapshots: the tree, take, restore, delete.

use vbox_types::{Result, Snapshot, TakeSnapshot};

use super::SoapBackend;
use crate::{Elements, Param};

impl SoapBackend {
    /// `findSnapshot` (the caller releases the reference).
    pub(super) async fn find_snapshot(&self, m: &str, name_or_id: &str) -> Result<String> {
        let r = self
            .client
            .call(
                "IMachine_findSnapshot",
                vec![
                    Param::value("_this", m),
                    Param::value("nameOrId", name_or_id),
                ],
            )
            .await?;
        Ok(r.returnval().unwrap_or_default().to_string())
    }

    pub(super) async fn snapshots(&self, name_or_id: &str) -> Result<Vec<Snapshot>> {
        let m = self.find(name_or_id).await?;
        let result = self.snapshot_tree(&m).await;
        result
    }

    async fn snapshot_tree(&self, m: &str) -> Result<Vec<Snapshot>> {
        let current = self.client.get("IMachine_getCurrentSnapshot", m).await?;
        let current_id = if current.is_empty() {
            return Ok(Vec::new());
        } else {
            let id = self.client.get("ISnapshot_getId", &current).await;
            self.client.release([&current]).await;
            id?
        };
        // The root is the snapshot found by the empty name.
        let root = self.find_snapshot(m, "").await?;
        let mut out = Vec::new();
        let mut stack = vec![(root, None::<String>, 0u32)];
        let mut held = Vec::new();
        while let Some((s, parent_id, depth)) = stack.pop() {
            held.push(s.clone());
            let read = self.read_snapshot(&s, parent_id, depth, &current_id).await;
            let (snapshot, children) = match read {
                Ok(x) => x,
                Err(e) => {
                    self.client.release(&held).await;
                    return Err(e);
                }
            };
            // Pre-order: push children reversed so the first child is visited next.
            for child in children.into_iter().rev() {
                stack.push((child, Some(snapshot.id.clone()), depth + 1));
            }
            out.push(snapshot);
        }
        self.client.release(&held).await;
        Ok(out)
    }

    async fn read_snapshot(
        &self,
        s: &str,
        parent_id: Option<String>,
        depth: u32,
        current_id: &str,
    ) -> Result<(Snapshot, Vec<String>)> {
        let c = &self.client;
        let (id, name, description, taken, online) = futures::try_join!(
            c.get("ISnapshot_getId", s),
            c.get("ISnapshot_getName", s),
            c.get("ISnapshot_getDescription", s),
            c.get("ISnapshot_getTimeStamp", s),
            c.get("ISnapshot_getOnline", s),
        )?;
        let children = c
            .call("ISnapshot_getChildren", vec![Param::value("_this", s)])
            .await?;
        let snapshot = Snapshot {
            current: id == current_id,
            id,
            name,
            description,
            parent_id,
            depth,
            // VBoxSVC reports ms until it reloads the settings, which keep seconds: one time
            // whatever VBoxSVC's age, the same as VBoxManage's backend reads.
            taken_ms: Snapshot::whole_seconds(taken.parse().unwrap_or_default()),
            online: online == "true",
        };
        Ok((
            snapshot,
            children
                .all("returnval")
                .into_iter()
                .map(str::to_string)
                .collect(),
        ))
    }

    pub(super) async fn take(&self, name_or_id: &str, spec: &TakeSnapshot) -> Result<Snapshot> {
        let m = self.find(name_or_id).await?;
        let mut taken = String::new();
        let taken_ref = &mut taken;
        let result = self
            .with_shared_machine(&m, |sm| async move {
                let r = self
                    .client
                    .call(
                        "IMachine_takeSnapshot",
                        vec![
                            Param::value("_this", &sm),
                            Param::value("name", &spec.name),
                            Param::value("description", &spec.description),
                            Param::value("pause", !spec.live),
                        ],
                    )
                    .await?;
                *taken_ref = r.get("id").unwrap_or_default().to_string();
                self.wait(r.returnval().unwrap_or_default(), "snapshot")
                    .await
            })
            .await;
        result?;
        let all = self.snapshots(name_or_id).await?;
        all.into_iter().find(|s| s.id == taken).ok_or_else(|| {
            vbox_types::Error::from_code(
                vbox_types::ResultCode::OBJECT_NOT_FOUND,
                format!("Could not find a snapshot with UUID {{{taken}}}"),
            )
        })
    }

    /// Runs `work` on the session machine of a shared lock (a running VM's session, or a
    /// write lock when nothing holds the machine), then unlocks.
    async fn with_shared_machine<F, Fut>(&self, m: &str, work: F) -> Result<()>
    where
        F: FnOnce(String) -> Fut,
        Fut: std::future::Future<Output = Result<()>>,
    {
        self.with_session_machine(m, "Shared", work).await
    }

    pub(super) async fn restore(&self, name_or_id: &str, snapshot: &str) -> Result<()> {
        let m = self.find(name_or_id).await?;
        let snap = self.find_snapshot(&m, snapshot).await;
        let result = match &snap {
            Ok(snap) => {
                self.with_write_lock(&m, |sm| async move {
                    let r = self
                        .client
                        .call(
                            "IMachine_restoreSnapshot",
                            vec![Param::value("_this", &sm), Param::value("snapshot", snap)],
                        )
                        .await?;
                    self.wait(r.returnval().unwrap_or_default(), "restore")
                        .await
                })
                .await
            }
            Err(_) => Ok(()),
        };
        let snap = snap?;
        self.client.release([&snap]).await;
        result
    }

    pub(super) async fn delete_snap(&self, name_or_id: &str, snapshot: &str) -> Result<()> {
        let m = self.find(name_or_id).await?;
        let snap = self.find_snapshot(&m, snapshot).await;
        let id = match &snap {
            Ok(s) => self.client.get("ISnapshot_getId", s).await,
            Err(_) => Ok(String::new()),
        };
        let result = match (&snap, &id) {
            (Ok(_), Ok(id)) => {
                self.with_shared_machine(&m, |sm| async move {
                    let r = self
                        .client
                        .call(
                            "IMachine_deleteSnapshot",
                            vec![Param::value("_this", &sm), Param::value("id", id)],
                        )
                        .await?;
                    self.wait(r.returnval().unwrap_or_default(), "delete snapshot")
                        .await
                })
                .await
            }
            _ => Ok(()),
        };
        let snap = snap?;
        self.client.release([&snap]).await;
        id?;
        result
    }
}
