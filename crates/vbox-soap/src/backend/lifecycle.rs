//! Create, modify, clone, start and unregister.

use vbox_types::{
    ApiVersion, CloneMachine, CreateMachine, Machine, ModifyMachine, Result, StartType, Unregister,
    UnregisterReport,
};

use super::SoapBackend;
use crate::{Elements, Param};

impl SoapBackend {
    /// `createMachine` in the parameter shape of the server's version (unregistered result).
    pub(super) async fn create_unregistered(
        &self,
        name: &str,
        os_type: &str,
        groups: &[String],
    ) -> Result<String> {
        let api = self.api().await?;
        let vbox = self.client.vbox().await?;
        let mut params = vec![
            Param::value("_this", vbox),
            Param::value("settingsFile", ""),
            Param::value("name", name),
        ];
        // 7.1 added the platform architecture after the name.
        if api >= ApiVersion::V7_1 {
            params.push(Param::value("platform", "x86"));
        }
        params.push(Param::array("groups", super::strings(groups)));
        params.push(Param::value("osTypeId", os_type));
        params.push(Param::value("flags", ""));
        // 7.0 added disk encryption parameters.
        if api >= ApiVersion::V7_0 {
            params.extend([
                Param::value("cipher", ""),
                Param::value("passwordId", ""),
                Param::value("password", ""),
            ]);
        }
        let r = self
            .client
            .call("IVirtualBox_createMachine", params)
            .await?;
        Ok(r.returnval().unwrap_or_default().to_string())
    }

    pub(super) async fn create(&self, spec: &CreateMachine) -> Result<Machine> {
        let m = self
            .create_unregistered(
                &spec.name,
                spec.os_type_id.as_deref().unwrap_or(""),
                &spec.groups,
            )
            .await?;
        let result = self.create_with(&m, spec).await;
        self.client.release([&m]).await;
        result?;
        self.machine_by_name(&spec.name).await
    }

    async fn create_with(&self, m: &str, spec: &CreateMachine) -> Result<()> {
        let settings = ModifyMachine {
            memory_mb: spec.memory_mb,
            cpus: spec.cpus,
            description: spec.description.clone(),
            ..ModifyMachine::default()
        };
        self.apply_settings(m, &settings).await?;
        self.call0("IMachine_saveSettings", vec![Param::value("_this", m)])
            .await?;
        let vbox = self.client.vbox().await?;
        self.call0(
            "IVirtualBox_registerMachine",
            vec![Param::value("_this", vbox), Param::value("machine", m)],
        )
        .await?;
        if let Some(mb) = spec.disk_mb {
            self.add_disk(m, &spec.name, mb).await?;
        }
        Ok(())
    }

    /// A call whose answer carries nothing needed.
    pub(super) async fn call0(&self, op: &str, params: Vec<Param>) -> Result<()> {
        self.client.call(op, params).await.map(|_| ())
    }

    /// Setters on a mutable machine (unregistered, or a session machine).
    async fn apply_settings(&self, m: &str, change: &ModifyMachine) -> Result<()> {
        let this = || Param::value("_this", m);
        if let Some(mb) = change.memory_mb {
            self.call0(
                "IMachine_setMemorySize",
                vec![this(), Param::value("memorySize", mb)],
            )
            .await?;
        }
        if let Some(n) = change.cpus {
            self.call0(
                "IMachine_setCPUCount",
                vec![this(), Param::value("CPUCount", n)],
            )
            .await?;
        }
        if let Some(d) = &change.description {
            self.call0(
                "IMachine_setDescription",
                vec![this(), Param::value("description", d)],
            )
            .await?;
        }
        if let Some(g) = &change.groups {
            self.call0(
                "IMachine_setGroups",
                vec![this(), Param::array("groups", super::strings(g))],
            )
            .await?;
        }
        for a in &change.adapters {
            self.change_adapter(m, a).await?;
        }
        self.apply_config(m, change).await
    }

    pub(super) async fn modify(&self, name_or_id: &str, change: &ModifyMachine) -> Result<()> {
        let m = self.find(name_or_id).await?;
        if change.only_transient_shares() {
            return self.change_transient_shares(&m, change).await;
        }
        let made = self.create_new_disks(change).await?;
        let made_ref = &made;
        let result = self.with_write_lock(&m, |sm| async move {
            let applied = async {
                self.apply_settings(&sm, change).await?;
                self.apply_storage(&sm, change, made_ref).await?;
                self.call0("IMachine_saveSettings", vec![Param::value("_this", &sm)])
                    .await
            }
            .await;
            if applied.is_err() {
                // A refused change changes nothing: the session's changes are dropped.
                let _ = self
                    .call0("IMachine_discardSettings", vec![Param::value("_this", &sm)])
                    .await;
            }
            applied
        });
        let result = result.await;
        if result.is_err() {
            self.delete_disks(made).await;
        } else {
            let refs: Vec<&String> = made.iter().map(|(_, r)| r).collect();
            self.client.release(refs).await;
        }
        result
    }

    /// Runs `work` on the session machine of a write lock, then unlocks.
    pub(super) async fn with_write_lock<F, Fut>(&self, m: &str, work: F) -> Result<()>
    where
        F: FnOnce(String) -> Fut,
        Fut: std::future::Future<Output = Result<()>>,
    {
        self.with_session_machine(m, "Write", work).await
    }

    /// Runs `work` on the session machine of a `lock_type` lock, then unlocks.
    pub(super) async fn with_session_machine<F, Fut>(
        &self,
        m: &str,
        lock_type: &str,
        work: F,
    ) -> Result<()>
    where
        F: FnOnce(String) -> Fut,
        Fut: std::future::Future<Output = Result<()>>,
    {
        let locked = self.lock(m, lock_type).await?;
        let result = match self.session_machine(&locked).await {
            Ok(sm) => {
                let r = work(sm.clone()).await;
                self.client.release([&sm]).await;
                r
            }
            Err(e) => Err(e),
        };
        let unlocked = self.unlock(locked).await;
        result.and(unlocked)
    }

    pub(super) async fn clone_vm(&self, spec: &CloneMachine) -> Result<Machine> {
        let source = self.find(&spec.source).await?;
        let result = self.clone_from(&source, spec).await;
        result?;
        self.machine_by_name(&spec.name).await
    }

    async fn clone_from(&self, source: &str, spec: &CloneMachine) -> Result<()> {
        // A linked clone (or a clone of a snapshot) copies from the snapshot's machine.
        let (from, snapshot) = match &spec.snapshot {
            Some(s) => {
                let snap = self.find_snapshot(source, s).await?;
                let from = self.client.get("ISnapshot_getMachine", &snap).await;
                (from?, Some(snap))
            }
            None => (source.to_string(), None),
        };
        let target = self.create_unregistered(&spec.name, "", &spec.groups).await;
        let result = match &target {
            Ok(t) => self.clone_into(&from, t, spec).await,
            Err(_) => Ok(()),
        };
        if let Some(snap) = snapshot {
            self.client.release([&snap, &from]).await;
        }
        let target = target?;
        self.client.release([&target]).await;
        result
    }

    async fn clone_into(&self, from: &str, target: &str, spec: &CloneMachine) -> Result<()> {
        let options: Vec<&str> = spec.options.iter().map(|o| o.api_name()).collect();
        let r = self
            .client
            .call(
                "IMachine_cloneTo",
                vec![
                    Param::value("_this", from),
                    Param::value("target", target),
                    Param::value("mode", spec.mode.api_name()),
                    Param::array("options", options),
                ],
            )
            .await?;
        self.wait(r.returnval().unwrap_or_default(), "clone")
            .await?;
        let vbox = self.client.vbox().await?;
        self.call0(
            "IVirtualBox_registerMachine",
            vec![Param::value("_this", vbox), Param::value("machine", target)],
        )
        .await
    }

    pub(super) async fn start(&self, name_or_id: &str, start_type: StartType) -> Result<()> {
        let api = self.api().await?;
        let m = self.find(name_or_id).await?;
        let session = self.new_session().await;
        let result = match &session {
            Ok(session) => {
                let mut params = vec![
                    Param::value("_this", &m),
                    Param::value("session", session),
                    Param::value("name", start_type.as_str()),
                ];
                // 6.1 replaced the environment string by an array of changes.
                if api >= ApiVersion::V6_1 {
                    params.push(Param::array("environmentChanges", Vec::<String>::new()));
                } else {
                    params.push(Param::value("environment", ""));
                }
                match self.client.call("IMachine_launchVMProcess", params).await {
                    Ok(r) => {
                        let waited = self.wait(r.returnval().unwrap_or_default(), "start").await;
                        let unlocked = self
                            .call0(
                                "ISession_unlockMachine",
                                vec![Param::value("_this", session)],
                            )
                            .await;
                        waited.and(unlocked)
                    }
                    Err(e) => Err(e),
                }
            }
            Err(_) => Ok(()),
        };
        let session = session?;
        self.client.release([&session]).await;
        result
    }

    pub(super) async fn unregister(
        &self,
        name_or_id: &str,
        how: &Unregister,
    ) -> Result<UnregisterReport> {
        let m = self.find(name_or_id).await?;
        let result = self.unregister_ref(&m, how).await;
        if result.is_ok() {
            // The machine is gone: its kept reference is released now, not at the logoff.
            self.client.release_kept(&m).await;
        }
        result
    }

    async fn unregister_ref(&self, m: &str, how: &Unregister) -> Result<UnregisterReport> {
        // Media attached before that unregister does not return (shared with another machine,
        // or a cleanup mode that returns none) stay: reported as kept.
        let attached = self.attached_media(m).await?;
        let r = self
            .client
            .call(
                "IMachine_unregister",
                vec![
                    Param::value("_this", m),
                    Param::value("cleanupMode", how.cleanup.api_name()),
                ],
            )
            .await?;
        let returned: Vec<String> = r.all("returnval").into_iter().map(str::to_string).collect();
        let mut report = UnregisterReport::default();
        let mut delete = Vec::new();
        for medium in &returned {
            let info = self.read_medium(medium).await?;
            if how.delete_files && !how.keep_media.contains(&info.id) {
                delete.push(medium.clone());
                report.deleted_media.push(info);
            } else {
                report.kept_media.push(info);
            }
        }
        for (id, medium) in &attached {
            if !report
                .deleted_media
                .iter()
                .chain(&report.kept_media)
                .any(|md| &md.id == id)
            {
                match self.read_medium(medium).await {
                    Ok(info) => report.kept_media.push(info),
                    Err(e) => tracing::debug!("cannot read a kept medium: {e}"),
                }
            }
        }
        let result = if how.delete_files {
            match self
                .client
                .call(
                    "IMachine_deleteConfig",
                    vec![
                        Param::value("_this", m),
                        Param::array("media", super::strings(&delete)),
                    ],
                )
                .await
            {
                Ok(r) => self.wait(r.returnval().unwrap_or_default(), "delete").await,
                Err(e) => Err(e),
            }
        } else {
            Ok(())
        };
        // The same object has the same reference in one websession: the attached media and
        // the returned ones overlap, so release each reference once, after deleteConfig.
        let mut held = returned;
        held.extend(attached.into_iter().map(|(_, r)| r));
        held.sort();
        held.dedup();
        self.client.release(&held).await;
        result.map(|()| report)
    }
}
