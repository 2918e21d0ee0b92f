#!/bin/bash
# capture appliance outputs on the real 7.2.22 host in a fresh home
set -u
root=/var/tmp/vboxctl-real/root
H=/var/tmp/vboxctl-real/homes/appl-cap
out=/work/wt-appliance/fixtures/vboxmanage-7.2.22-appliance
for p in $(grep -l "VBOX_IPC_SOCKETID=appl-cap" /proc/[0-9]*/environ 2>/dev/null | cut -d/ -f3); do kill $p; done; sleep 1
rm -rf "$H"; mkdir -p "$H"
vbm() { LC_ALL=C VBOX_USER_HOME=$H VBOX_IPC_SOCKETID=appl-cap chroot $root /usr/lib/virtualbox/VBoxManage "$@"; }
cap() { local name=$1; shift; vbm "$@" >"$out/$name.stdout" 2>"$out/$name.stderr"; local rc=$?; printf '%s\t%s\tVBoxManage %s\n' "$name" "$rc" "$*" >>"$out/INDEX.tsv"; }
: >"$out/INDEX.tsv"
vbm setproperty machinefolder $H/machines
vbm setextradata global VBoxInternal/HM/FallbackToIEM 1
vbm createvm --name src1 --ostype Debian_64 --register >/dev/null
vbm modifyvm src1 --memory 256 --cpus 2
vbm createmedium disk --filename $H/machines/src1/src1.vdi --size 8 --format VDI >/dev/null 2>&1
vbm storagectl src1 --name SATA --add sata
vbm storageattach src1 --storagectl SATA --port 0 --device 0 --type hdd --medium $H/machines/src1/src1.vdi
cap export-ova export src1 --output $H/src1.ova --vsys 0 --product "Prod <x>" --vendor V --version 1.0
cap export-missing-dir export src1 --output $H/nodir/src1.ovf
mkdir -p $H/ovf20
cap export-ovf20-manifest export src1 --output $H/ovf20/src1.ovf --ovf20 --manifest
cap import-dry-run import $H/src1.ova --dry-run
cap import-options import $H/src1.ova --vsys 0 --vmname imp1 --memory 300 --cpus 1 --options keepallmacs
cap import-taken-disk import $H/src1.ova --vsys 0 --vmname imp1
head -c 40000 $H/src1.ova >$H/trunc.ova
cap import-truncated import $H/trunc.ova --vsys 0 --vmname imp2
cap import-missing-file import $H/nothing.ova --dry-run
mkdir -p $H/nodisk; tar xf $H/src1.ova -C $H/nodisk src1.ovf
cap import-ovf-missing-disk import $H/nodisk/src1.ovf --vsys 0 --vmname imp3
cap export-unknown-vm export nosuch --output $H/x.ova
cap export-exists export src1 --output $H/src1.ova
tar tvf $H/src1.ova >"$out/export-ova.tar-listing"
tar xOf $H/src1.ova src1.ovf >"$out/export-ova.ovf"
cp $H/ovf20/src1.ovf "$out/export-ovf20.ovf"; cp $H/ovf20/src1.mf "$out/export-ovf20.mf"
ls $H/ovf20 > "$out/export-ovf20.listing"
ls $H/machines > "$out/machines-after.listing"
vbm list vms > "$out/list-vms-after.stdout"
