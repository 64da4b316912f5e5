#!/usr/bin/env bash
# Builds the GPU check as a folder to carry to a GPU machine that has the NVIDIA driver and CUDA's libraries (CUDA
# 13 runtime, cuBLAS, cuDNN 9: a CUDA install, or a Python environment's nvidia wheels) and nothing else: no Java,
# no Maven, no network. At most 64 MiB (about 45):
#   payload.tar.xz  a Java 17 runtime cut with jlink to the modules the check uses, and one jar of natives: OpenCV's
#                   CUDA build (Maven's org.bytedeco:opencv:*:linux-x86_64-gpu) trimmed to core, imgproc, imgcodecs
#                   and dnn, with OpenBLAS, which OpenCV's core links. xz packs them in half the space the files and
#                   the jar's own compression take; the launcher unpacks them into a temporary folder at each run
#   lib/            the check's classes: veil-cli, inference, frame-format and what they load
#   media/          the shared photos the GPU's faces are compared on (../shared/media; test data, not the product's)
#   gpu-check       the launcher: BUNDLE/gpu-check [--cuda-libs DIR] ... (see veil gpu-check --help)
# Usage: veil-cli/gpu-check-bundle.sh [--cpu-natives] [OUT_DIR]     (default OUT_DIR: veil-cli/target/gpu-check-bundle)
#   --cpu-natives  OpenCV's CPU build instead, to try the bundle here: OUT_DIR/gpu-check --dry-run-on-cpu
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
natives=gpu
if [ "${1:-}" = "--cpu-natives" ]; then
  natives=cpu
  shift
fi
out="${1:-$root/veil-cli/target/gpu-check-bundle}"
limit=$((64 * 1024 * 1024))
for tool in mvn jlink jar unzip xz; do
  command -v "$tool" >/dev/null || { echo "gpu-check-bundle: $tool is needed (a JDK 17, Maven, unzip, xz)" >&2; exit 1; }
done

version="$(sed -n 's:^  <version>\(.*\)</version>:\1:p' "$root/pom.xml" | head -1)"
javacpp="$(sed -n 's:.*<javacpp.version>\(.*\)</javacpp.version>.*:\1:p' "$root/pom.xml" | head -1)"
opencv="$(sed -n 's:.*<opencv.version>\([0-9.]*\)-\${javacpp.version}</opencv.version>.*:\1:p' "$root/pom.xml" | head -1)"
[ -n "$version" ] && [ -n "$opencv" ] && [ -n "$javacpp" ] \
  || { echo "gpu-check-bundle: cannot read the versions from pom.xml" >&2; exit 1; }
classifier=linux-x86_64
extension=""
if [ "$natives" = gpu ]; then
  classifier=linux-x86_64-gpu
  extension="-gpu"
fi

echo "gpu-check-bundle: building veil-cli and what it needs (offline first)"
(cd "$root" && { mvn -B -ntp -o -q -pl veil-cli -am -DskipTests package \
  || mvn -B -ntp -q -pl veil-cli -am -DskipTests package; })
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
artifact="org.bytedeco:opencv:$opencv-$javacpp:jar:$classifier"
(cd "$root" && { mvn -B -ntp -o -q dependency:copy -Dartifact="$artifact" -DoutputDirectory="$work" \
  || mvn -B -ntp -q dependency:copy -Dartifact="$artifact" -DoutputDirectory="$work"; })
lib="$root/veil-cli/target/lib"

rm -rf "$out"
mkdir -p "$out/lib" "$out/media"
payload="$work/payload"
mkdir -p "$payload/lib"

# The modules the check's classes use: logging (SLF4J, Logback and its XML configuration) and protobuf's and
# JavaCPP's use of sun.misc.Unsafe; no desktop, no naming, no compiler. The JVM's library keeps the JDK build's
# symbol table: 4 MiB that nothing here reads.
jlink --add-modules java.base,java.logging,java.xml,jdk.unsupported \
  --strip-debug --no-header-files --no-man-pages --compress=2 --output "$payload/java"
if command -v strip >/dev/null; then
  strip --strip-unneeded "$payload/java/lib/server/libjvm.so"
fi

cp "$root/veil-cli/target/veil-cli-$version.jar" "$out/lib/"
jars=("inference-$version" "frame-format-$version" "javacpp-$javacpp" "javacpp-$javacpp-linux-x86_64"
  "opencv-$opencv-$javacpp" "openblas-*-$javacpp" "numaflow-java-[0-9]*" "protobuf-java-[0-9]*" "slf4j-api-*"
  "logback-classic-*" "logback-core-*")
for jar in "${jars[@]}"; do
  # shellcheck disable=SC2206 # the name is a pattern
  matches=("$lib"/$jar.jar)
  [ -e "${matches[0]}" ] || { echo "gpu-check-bundle: no $jar.jar in $lib" >&2; exit 1; }
  cp "${matches[@]}" "$out/lib/"
done

# Natives: only what the check loads. OpenCV's core links OpenBLAS (which links gfortran and quadmath), and JavaCPP
# loads OpenBLAS's JNI glue with it.
stage="$work/natives"
mkdir -p "$stage"
opencv_jar="$work/opencv-$opencv-$javacpp-$classifier.jar"
unzip -q -o "$opencv_jar" -d "$stage" \
  "org/bytedeco/opencv/$classifier/libopencv_core.so.*" "org/bytedeco/opencv/$classifier/libopencv_imgproc.so.*" \
  "org/bytedeco/opencv/$classifier/libopencv_imgcodecs.so.*" "org/bytedeco/opencv/$classifier/libopencv_dnn.so.*" \
  "org/bytedeco/opencv/$classifier/libjniopencv_core.so" "org/bytedeco/opencv/$classifier/libjniopencv_imgproc.so" \
  "org/bytedeco/opencv/$classifier/libjniopencv_imgcodecs.so" "org/bytedeco/opencv/$classifier/libjniopencv_dnn.so"
# OpenCV's core preloads its CUDA device layer where its build has one (the CUDA build): a few kilobytes.
unzip -q -o "$opencv_jar" -d "$stage" "org/bytedeco/opencv/$classifier/libopencv_cudev.so.*" 2>/dev/null || true
openblas=("$lib"/openblas-*-"$javacpp"-linux-x86_64.jar)
unzip -q -o "${openblas[0]}" -d "$stage" "org/bytedeco/openblas/linux-x86_64/libopenblas.so.0" \
  "org/bytedeco/openblas/linux-x86_64/libgfortran.so.*" "org/bytedeco/openblas/linux-x86_64/libquadmath.so.*" \
  "org/bytedeco/openblas/linux-x86_64/libjniopenblas_nolapack.so" "org/bytedeco/openblas/linux-x86_64/libjniopenblas.so" \
  2>/dev/null || true
[ -e "$stage/org/bytedeco/openblas/linux-x86_64/libopenblas.so.0" ] \
  || { echo "gpu-check-bundle: no OpenBLAS in ${openblas[0]}" >&2; exit 1; }
# Stored, not deflated: xz then packs the whole payload far tighter than the jar's own compression would.
jar --create --no-compress --file "$payload/lib/veil-gpu-check-natives-$classifier.jar" -C "$stage" .
echo "gpu-check-bundle: packing the Java runtime and the natives with xz (minutes on two cores)"
tar -C "$payload" -cf - java lib | xz -6 -T0 >"$out/payload.tar.xz"

shared="${VEIL_SHARED_DIR:-$root/../shared}"
if [ -d "$shared/media" ]; then
  cp "$shared"/media/*.jpg "$out/media/"
else
  echo "gpu-check-bundle: no $shared/media: the bundle has no photos (give --media DIR where it runs)" >&2
fi

cat >"$out/gpu-check" <<LAUNCHER
#!/usr/bin/env bash
# veil gpu-check from this folder (built by veil-cli/gpu-check-bundle.sh); its flags: gpu-check --help
here="\$(cd "\$(dirname "\${BASH_SOURCE[0]}")" && pwd)"
run="\$(mktemp -d "\${TMPDIR:-/tmp}/veil-gpu-check.XXXXXX")"
trap 'rm -rf "\$run"' EXIT
if command -v xz >/dev/null; then
  xz -dc "\$here/payload.tar.xz" | tar -C "\$run" -xf -
else
  python3 -c 'import sys, tarfile; tarfile.open(sys.argv[1]).extractall(sys.argv[2])' "\$here/payload.tar.xz" "\$run"
fi
media=()
if [ -n "\$(ls "\$here/media" 2>/dev/null)" ]; then
  media=(--media "\$here/media")
fi
"\$run/java/bin/java" -XX:MaxRAMPercentage=50 -Dorg.bytedeco.javacpp.platform.extension=$extension \\
  -Dorg.bytedeco.javacpp.cachedir="\$run/javacpp" -cp "\$here/lib/*:\$run/lib/*" dev.veil.cli.GpuCheck \\
  "\${media[@]}" "\$@"
LAUNCHER
chmod 755 "$out/gpu-check"

size="$(du -sb "$out" | cut -f1)"
echo "gpu-check-bundle: $out, $((size / 1024 / 1024)) MiB ($size bytes), natives: OpenCV $classifier"
du -sb "$out"/payload.tar.xz "$out"/lib/* "$out"/media | sort -n -r | head -6 \
  | awk '{printf "  %6.1f MiB  %s\n", $1 / 1048576, $2}'
if [ "$size" -gt "$limit" ]; then
  echo "gpu-check-bundle: larger than 64 MiB" >&2
  exit 1
fi
