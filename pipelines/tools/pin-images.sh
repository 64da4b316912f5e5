#!/usr/bin/env bash
# Points Veil's images at one registry and pins each to the digest the Maven build wrote for it.
#   mvn -Pimages -DskipTests package                   # writes <module>/target/<image>-image.{tar,digest}
#   (the GPU image, inference-gpu, is built apart: -Pimages,gpu-image; without its digest it stays by tag)
#   (copy the archives to the registry, e.g. skopeo copy oci-archive:inference/target/inference-image.tar
#    docker://REGISTRY/veil/inference:VERSION, or build with jib:build -Dveil.image.prefix=REGISTRY/veil)
#   pipelines/tools/pin-images.sh REGISTRY              # e.g. registry.example.com/team, or localhost:5001
# Rewrites the block between the BEGIN/END lines of pipelines/images/kustomization.yaml; prints what it pinned.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
registry="${1:?usage: $0 REGISTRY (the host and path your images are pushed under, without /veil)}"
registry="${registry%/}"
file="$root/pipelines/images/kustomization.yaml"
version="$(sed -n 's:^  <version>\(.*\)</version>:\1:p' "$root/pom.xml" | head -1)"
block="$(mktemp)"
trap 'rm -f "$block"' EXIT
# image, module that builds it
for pair in source-rtsp:source-rtsp filter-resize:filter-resize inference:inference inference-gpu:inference \
    sink:sink display:display; do
  image="${pair%%:*}"
  module="${pair#*:}"
  digest_file="$root/$module/target/$image-image.digest"
  if [ "$image" = inference-gpu ] && [ ! -s "$digest_file" ]; then
    printf '  - name: veil/%s\n    newName: %s/veil/%s\n    newTag: %s\n' "$image" "$registry" "$image" "$version" >> "$block"
    echo "veil/$image -> $registry/veil/$image:$version (not built here: by tag)"
    continue
  fi
  [ -s "$digest_file" ] || { echo "no $digest_file: build the images first (mvn -Pimages -DskipTests package)" >&2; exit 1; }
  digest="$(tr -d '[:space:]' < "$digest_file")"
  [[ "$digest" =~ ^sha256:[0-9a-f]{64}$ ]] || { echo "$digest_file does not hold a sha256 digest" >&2; exit 1; }
  printf '  - name: veil/%s\n    newName: %s/veil/%s\n    newTag: %s\n    digest: %s\n' \
    "$image" "$registry" "$image" "$version" "$digest" >> "$block"
  echo "veil/$image -> $registry/veil/$image:$version@$digest"
done
sed -i -e "/^# BEGIN veil images/,/^# END veil images/{/^# BEGIN veil images/{p;r $block
};/^# END veil images/p;d}" "$file"
