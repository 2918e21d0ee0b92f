//! `vbox_types::Backend` for the simulator: each call is one or two registry transactions,
//! with the progress duration slept on tokio's clock in between.

use crate::model::{
    appliance, clone, errors, guest, media, progress, session, settings, snapshots, storage_change,
    unregister,
};
use crate::Sim;
use async_trait::async_trait;
use std::time::Duration;
use vbox_types::{
    ApplianceInfo, Backend, Capabilities, CloneMachine, ControlAction, CreateHostOnly,
    CreateMachine, ExportAppliance, GuestProperty, GuestPropertyChange, HostNetworks,
    HostOnlyNetwork, ImportAppliance, Machine, MachineFields, MachineSummary, Medium,
    ModifyMachine, Result, Snapshot, StartType, TakeSnapshot, Unregister, UnregisterReport,
    VersionInfo, Watch,
};

/// How often a waiter re-reads the registry to notice changes made by other processes.
const CROSS_PROCESS_POLL_MS: i64 = 500;

#[async_trait]
impl Backend for Sim {
    fn describe(&self) -> String {
        format!("sim://{}", self.dir().display())
    }

    fn capabilities(&self) -> Capabilities {
        Capabilities { event_wait: true }
    }

    async fn list_os_type_ids(&self) -> Result<Vec<String>> {
        Ok(crate::manage::view::format::ostype::ids())
    }

    async fn version(&self) -> Result<VersionInfo> {
        let o = self.options();
        let normalized: String = o
            .version
            .split('_')
            .next()
            .unwrap_or(&o.version)
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == '.')
            .collect();
        Ok(VersionInfo {
            version: o.version.clone(),
            version_normalized: normalized,
            revision: o.revision,
            api: o.api,
        })
    }

    async fn list_machines(&self) -> Result<Vec<MachineSummary>> {
        self.view(|reg, ctx| {
            Ok(reg
                .machines
                .iter()
                .map(|m| m.to_machine(ctx.now).summary())
                .collect())
        })
    }

    async fn list_machines_full(&self) -> Result<Vec<Machine>> {
        self.view(|reg, ctx| Ok(reg.machines.iter().map(|m| m.to_machine(ctx.now)).collect()))
    }

    /// In process every field is at hand: the whole listing costs what a part would.
    async fn list_machines_with(&self, _fields: MachineFields) -> Result<Vec<Machine>> {
        self.list_machines_full().await
    }

    async fn get_machine(&self, name_or_id: &str) -> Result<Machine> {
        self.view(|reg, ctx| Ok(reg.machines[reg.find(name_or_id)?].to_machine(ctx.now)))
    }

    async fn create_machine(&self, spec: &CreateMachine) -> Result<Machine> {
        self.transact(|reg, ctx| {
            let i = reg.create_machine(spec, ctx)?;
            Ok(reg.machines[i].to_machine(ctx.now))
        })
    }

    async fn modify_machine(&self, name_or_id: &str, change: &ModifyMachine) -> Result<()> {
        self.transact(|reg, ctx| {
            let i = reg.find(name_or_id)?;
            if change.only_transient_shares() {
                // Through the running machine's console: no write lock.
                let saved = reg.clone();
                let done = storage_change::apply(reg, i, change, ctx);
                if done.is_err() {
                    *reg = saved;
                }
                return done;
            }
            let macs = reg.macs();
            let taken = |m: &str| macs.iter().any(|x| x == m);
            let saved = reg.clone();
            let crate::model::Registry {
                machines, media, ..
            } = reg;
            settings::modify(&mut machines[i], media, change, &taken, ctx)?;
            reg.touch(i);
            // A refused storage or share step changes nothing, the settings above included.
            let done = storage_change::apply(reg, i, change, ctx);
            if done.is_err() {
                *reg = saved;
            }
            done
        })
    }

    async fn clone_machine(&self, spec: &CloneMachine) -> Result<Machine> {
        // Refusals come at once; the copy itself takes the clone's time.
        self.view(|reg, ctx| clone::check(reg, spec, ctx).map(|_| ()))?;
        self.engine()
            .clone(
                spec,
                i64::MAX,
                |_| {},
                |reg, i, ctx| Ok(reg.machines[i].to_machine(ctx.now)),
            )
            .await
    }

    async fn start_machine(&self, name_or_id: &str, start_type: StartType) -> Result<()> {
        self.engine().start(name_or_id, start_type).await
    }

    async fn control_machine(&self, name_or_id: &str, action: ControlAction) -> Result<()> {
        self.engine().control(name_or_id, action).await
    }

    async fn unregister_machine(
        &self,
        name_or_id: &str,
        how: &Unregister,
    ) -> Result<UnregisterReport> {
        let report = self.transact(|reg, ctx| {
            let i = reg.find(name_or_id)?;
            unregister::unregister(reg, i, how, ctx)
        });
        if how.delete_files {
            // deleteConfig's progress.
            self.engine()
                .pass(progress::DELETE_MS, i64::MAX, |_| {})
                .await;
        }
        report
    }

    async fn list_media(&self) -> Result<Vec<Medium>> {
        self.view(|reg, _| {
            // Disks only, as `list hdds` and `IVirtualBox.hardDisks` list them.
            Ok(reg
                .media
                .iter()
                .filter(|m| !m.dvd)
                .map(|m| media::to_medium(&reg.media, &reg.machines, m))
                .collect())
        })
    }

    async fn get_guest_property(
        &self,
        name_or_id: &str,
        property: &str,
    ) -> Result<Option<GuestProperty>> {
        self.view(|reg, _| {
            let m = &reg.machines[reg.find(name_or_id)?];
            Ok(m.guest_props
                .get(property)
                .map(|p| guest::to_property(property, p)))
        })
    }

    async fn enumerate_guest_properties(
        &self,
        name_or_id: &str,
        patterns: &str,
    ) -> Result<Vec<GuestProperty>> {
        self.view(|reg, _| {
            Ok(guest::enumerate(
                &reg.machines[reg.find(name_or_id)?],
                patterns,
            ))
        })
    }

    async fn set_guest_property(
        &self,
        name_or_id: &str,
        property: &str,
        value: Option<&str>,
        flags: Option<&str>,
    ) -> Result<()> {
        self.transact(|reg, ctx| {
            let i = reg.find(name_or_id)?;
            let m = &mut reg.machines[i];
            let running = session::has_vm_process(m);
            if !running {
                // On a stopped machine `guestproperty set` needs the settings, so a write lock.
                session::check_write(m, ctx.now)?;
            }
            guest::set_from_host(m, property, value, flags, running, ctx)?;
            reg.touch(i);
            Ok(())
        })
    }

    async fn wait_guest_property(
        &self,
        name_or_id: &str,
        patterns: &str,
        timeout: Duration,
    ) -> Result<Option<GuestPropertyChange>> {
        // Watch as the web service's clients do: for the first change after the call.
        let engine = self.engine();
        let mut watch = engine.watch(Some(name_or_id), patterns, CROSS_PROCESS_POLL_MS)?;
        let deadline = self.now_ms() + crate::duration_ms(timeout);
        let changes = engine.next_changes(&mut watch, deadline).await?;
        Ok(changes.into_iter().next().map(|(_, change)| change))
    }

    async fn list_snapshots(&self, name_or_id: &str) -> Result<Vec<Snapshot>> {
        self.view(|reg, _| Ok(snapshots::list(&reg.machines[reg.find(name_or_id)?])))
    }

    async fn take_snapshot(&self, name_or_id: &str, spec: &TakeSnapshot) -> Result<Snapshot> {
        self.engine().take_snapshot(name_or_id, spec).await
    }

    async fn restore_snapshot(&self, name_or_id: &str, snapshot: &str) -> Result<()> {
        self.transact(|reg, ctx| {
            let i = reg.find(name_or_id)?;
            let crate::model::Registry {
                machines, media, ..
            } = reg;
            snapshots::restore(&mut machines[i], media, snapshot, ctx)?;
            reg.touch(i);
            Ok(())
        })?;
        self.engine()
            .pass(progress::SNAPSHOT_MEDIA_MS, i64::MAX, |_| {})
            .await;
        Ok(())
    }

    async fn delete_snapshot(&self, name_or_id: &str, snapshot: &str) -> Result<()> {
        self.transact(|reg, ctx| {
            let i = reg.find(name_or_id)?;
            let others = reg.media_of_others(i);
            let crate::model::Registry {
                machines, media, ..
            } = reg;
            snapshots::delete(
                &mut machines[i],
                media,
                &|id| others.iter().any(|o| o == id),
                snapshot,
                ctx,
            )?;
            reg.touch(i);
            Ok(())
        })?;
        self.engine()
            .pass(progress::SNAPSHOT_MEDIA_MS, i64::MAX, |_| {})
            .await;
        Ok(())
    }

    async fn get_extradata(&self, name_or_id: &str, key: &str) -> Result<Option<String>> {
        self.view(|reg, _| {
            Ok(reg.machines[reg.find(name_or_id)?]
                .extradata
                .get(key)
                .cloned())
        })
    }

    async fn set_extradata(&self, name_or_id: &str, key: &str, value: Option<&str>) -> Result<()> {
        if key.is_empty() {
            return Err(errors::invalid_arg("The extradata key must not be empty"));
        }
        self.transact(|reg, _| {
            let i = reg.find(name_or_id)?;
            let m = &mut reg.machines[i];
            // VirtualBox removes a key set to an empty value.
            match value.filter(|v| !v.is_empty()) {
                Some(v) => m.extradata.insert(key.to_string(), v.to_string()),
                None => m.extradata.remove(key),
            };
            reg.touch(i);
            Ok(())
        })
    }

    async fn machine_config(&self, name_or_id: &str) -> Result<vbox_types::MachineConfig> {
        self.view(|reg, ctx| {
            let i = reg.find(name_or_id)?;
            let m = &reg.machines[i];
            let mut config = m.hw.config.report(&m.hw.adapters);
            storage_change::report(reg, i, ctx, &mut config);
            Ok(config)
        })
    }

    async fn read_appliance(&self, spec: &ImportAppliance) -> Result<ApplianceInfo> {
        self.view(|reg, ctx| appliance::interpret(reg, spec, ctx))
    }

    async fn import_appliance(&self, spec: &ImportAppliance, watch: Watch) -> Result<Machine> {
        // The read is checked at once; the import takes a clone's time.
        self.view(|reg, ctx| appliance::interpret(reg, spec, ctx).map(|_| ()))?;
        watch.report(0, Some("Importing the appliance"));
        tokio::time::sleep(Duration::from_millis(progress::CLONE_MS as u64)).await;
        if watch.cancel.is_cancelled() {
            return Err(appliance::cancelled());
        }
        let machine = self.transact(|reg, ctx| {
            let i = appliance::import(reg, spec, ctx)?;
            Ok(reg.machines[i].to_machine(ctx.now))
        })?;
        watch.report(100, Some("Importing the appliance"));
        Ok(machine)
    }

    async fn list_host_only(&self) -> Result<HostNetworks> {
        self.engine().host_networks()
    }

    async fn create_host_only(&self, spec: &CreateHostOnly) -> Result<HostOnlyNetwork> {
        self.engine().create_host_only(spec)
    }

    async fn remove_host_only(&self, name: &str) -> Result<()> {
        self.engine().remove_host_only(name)
    }

    async fn export_appliance(&self, spec: &ExportAppliance, watch: Watch) -> Result<()> {
        watch.report(0, Some("Writing the appliance"));
        self.view(|reg, _| appliance::export(reg, spec))?;
        watch.report(100, Some("Writing the appliance"));
        Ok(())
    }
}
