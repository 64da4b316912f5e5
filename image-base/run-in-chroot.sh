#!/usr/bin/env bash
# Runs an image built by `mvn -Pimages package` without a container engine, to check it offline: unpacks the OCI
# archive's layers into a folder and starts the image's entrypoint there with chroot, as the image's user, with
# /proc mounted (the JVM's launcher needs it) and the image's environment. Needs root (chroot, mount).
#   image-base/run-in-chroot.sh display/target/display-image.tar [VAR=value...]
# The folder stays in /tmp/veil-image-root.* for a look after the process ends (Ctrl-C stops it).
set -euo pipefail
archive="$(realpath "$1")"; shift
work="$(mktemp -d /tmp/veil-image-root.XXXXXX)"
mkdir -p "$work/oci" "$work/root"
tar -xf "$archive" -C "$work/oci"

# index.json -> manifest -> config and layers, in order.
read -r manifest < <(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["manifests"][0]["digest"].split(":")[1])' "$work/oci/index.json")
blob() { echo "$work/oci/blobs/sha256/$1"; }
python3 - "$(blob "$manifest")" "$work" <<'PY'
import json, subprocess, sys
manifest = json.load(open(sys.argv[1])); work = sys.argv[2]
blob = lambda d: f"{work}/oci/blobs/sha256/{d.split(':')[1]}"
for layer in manifest["layers"]:
    subprocess.run(["tar", "--warning=no-unknown-keyword", "-xzf", blob(layer["digest"]), "-C", f"{work}/root"], check=True)
config = json.load(open(blob(manifest["config"]["digest"])))["config"]
with open(f"{work}/entrypoint", "w") as f:
    f.write("\0".join(config.get("Entrypoint", []) + config.get("Cmd", [])))
with open(f"{work}/env", "w") as f:
    f.write("\0".join(config.get("Env", [])))
with open(f"{work}/user", "w") as f:
    f.write(config.get("User", "0:0"))
PY
mkdir -p "$work/root/proc" "$work/root/tmp" "$work/root/etc"
chmod 1777 "$work/root/tmp"
cp /etc/resolv.conf "$work/root/etc/resolv.conf" 2>/dev/null || true
mapfile -d '' entrypoint < "$work/entrypoint"
mapfile -d '' environment < "$work/env"
echo "run-in-chroot: $(cat "$work/user") ${entrypoint[*]} (root: $work/root)" >&2
mount -t proc proc "$work/root/proc"
# The process runs as a child so that a signal to this script stops it (SIGTERM, as Kubernetes would) and /proc is
# unmounted whatever happens.
env -i "${environment[@]}" "$@" "$(command -v chroot)" --userspec="$(cat "$work/user")" "$work/root" "${entrypoint[@]}" &
pid=$!
trap 'kill -TERM "$pid" 2>/dev/null; wait "$pid"; umount "$work/root/proc"; exit 143' INT TERM
status=0
wait "$pid" || status=$?
umount "$work/root/proc"
exit "$status"
