#!/usr/bin/env bash
# Assembles the base of every Veil image as a plain folder, without a container registry or a Docker daemon:
#   /opt/java   a Java 17 runtime cut from the build's own JDK with jlink;
#   /lib...     the C and C++ runtime libraries that Java and the Bytedeco natives (FFmpeg, OpenCV, OpenBLAS)
#               link against, from Debian's packages (libc6, libgcc-s1, libstdc++6, zlib1g), fetched with
#               apt-get download and unpacked with dpkg-deb, so they match the JDK built for the same Debian;
#               and the distribution's OpenH264 (libopenh264-7, BSD-2-Clause, built with its SIMD code), which the
#               sink's MP4 archive prefers to the slower one inside Bytedeco's FFmpeg;
#   /etc        passwd and group with the unprivileged user the containers run as (65532).
# Jib puts this folder under the application's layers (profile `images`, base image `scratch`).
# Usage: image-base/build-rootfs.sh OUT_DIR [SKIP]
#   does nothing when OUT_DIR already holds a runtime, or when SKIP is "true" (a base image brings Java).
set -euo pipefail

out="$1"
if [ "${2:-false}" = "true" ] || [ -x "$out/opt/java/bin/java" ]; then
  exit 0
fi
for tool in jlink apt-get dpkg-deb; do
  command -v "$tool" >/dev/null || { echo "build-rootfs: $tool is needed (a Debian or Ubuntu build host with a JDK 17)," \
    "or build with -Dveil.image.from=<a Java 17 base image> -Dveil.image.rootfs.skip=true" >&2; exit 1; }
done

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
rm -rf "$out"
mkdir -p "$out/opt" "$out/etc" "$out/tmp" "$out/proc" "$out/lib/x86_64-linux-gnu" "$out/lib64"
chmod 1777 "$out/tmp"

# The modules the vertices and their libraries use (gRPC/Netty need jdk.unsupported, Logback java.xml and
# java.naming, JavaCV's converters java.desktop, Javalin/Jetty java.management); no compiler, no debug symbols.
jlink --add-modules java.base,java.desktop,java.logging,java.management,java.naming,java.net.http,java.sql,java.xml,jdk.crypto.ec,jdk.management,jdk.naming.dns,jdk.unsupported,jdk.zipfs \
  --strip-debug --no-header-files --no-man-pages --compress=2 --output "$out/opt/java"

packages=(libc6 libgcc-s1 libstdc++6 zlib1g libopenh264-7)
(cd "$work" && apt-get download -q "${packages[@]}" >/dev/null 2>"$work/apt.log") || { cat "$work/apt.log" >&2; exit 1; }
for deb in "$work"/*.deb; do
  dpkg-deb -x "$deb" "$work/root"
done
# Only the shared libraries, as regular files where the programs look for them (symlinks in the packages point
# at absolute paths, which would resolve on the build host, not in the image).
copy_lib() {
  local name="$1" found
  found="$(find "$work/root" -name "$name" \( -type f -o -type l \) | head -n 1)"
  [ -n "$found" ] || { echo "build-rootfs: $name is not in ${packages[*]}" >&2; exit 1; }
  # Resolve a symlink inside the unpacked tree.
  while [ -L "$found" ]; do
    local target; target="$(readlink "$found")"
    case "$target" in
      /*) found="$work/root$target" ;;
      *) found="$(dirname "$found")/$target" ;;
    esac
  done
  cp "$found" "$out/lib/x86_64-linux-gnu/$name"
}
for lib in ld-linux-x86-64.so.2 libc.so.6 libm.so.6 libdl.so.2 libpthread.so.0 librt.so.1 libresolv.so.2 \
           libgcc_s.so.1 libstdc++.so.6 libz.so.1 libopenh264.so.7; do
  copy_lib "$lib"
done
cp "$out/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2" "$out/lib64/ld-linux-x86-64.so.2"
# OpenH264's licence (BSD-2-Clause) travels with its binary.
mkdir -p "$out/usr/share/doc/libopenh264-7"
cp "$work/root/usr/share/doc/libopenh264-7/copyright" "$out/usr/share/doc/libopenh264-7/copyright"
# What went in, for whoever has to answer "which glibc is in this image?".
for deb in "$work"/*.deb; do dpkg-deb -f "$deb" Package Version; done >"$out/etc/veil-base-packages"
"$out/opt/java/bin/java" -version 2>>"$out/etc/veil-base-packages" || true

cat >"$out/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/sbin/nologin
nonroot:x:65532:65532:nonroot:/tmp:/sbin/nologin
PASSWD
cat >"$out/etc/group" <<'GROUP'
root:x:0:
nonroot:x:65532:
GROUP
echo "build-rootfs: base assembled in $out ($(du -sh "$out" | cut -f1))"
