#!/usr/bin/env bash
# Creates the Secret veil-secrets (its keys are described in pipelines/base/secret-example.yaml) with random values,
# in the namespace of the current kubectl context or the one given with -n. Prints no secret.
#   pipelines/tools/create-secrets.sh [-n NAMESPACE] [--rtsp-url URL]
# With --rtsp-url, the key rtsp-url is added for the own-camera component. An existing veil-secrets is left alone:
# delete it first to make new values (then restart the display, the sink and MediaMTX).
set -euo pipefail
namespace=()
rtsp_url=()
while [ $# -gt 0 ]; do
  case "$1" in
    -n|--namespace) namespace=(--namespace "$2"); shift 2 ;;
    --rtsp-url) rtsp_url=(--from-literal=rtsp-url="$2"); shift 2 ;;
    *) echo "usage: $0 [-n NAMESPACE] [--rtsp-url URL]" >&2; exit 2 ;;
  esac
done
command -v openssl >/dev/null || { echo "openssl is needed to make random secrets" >&2; exit 1; }
if kubectl get secret veil-secrets "${namespace[@]}" >/dev/null 2>&1; then
  echo "veil-secrets already exists: left as it is" >&2
  exit 0
fi
random() { openssl rand -hex "$1"; }
kubectl create secret generic veil-secrets "${namespace[@]}" \
  --from-literal=ingest-token="$(random 24)" \
  --from-literal=view-token="$(random 24)" \
  --from-literal=mediamtx-read-user=veil-source \
  --from-literal=mediamtx-read-pass="$(random 16)" \
  --from-literal=mediamtx-publish-user=veil-publisher \
  --from-literal=mediamtx-publish-pass="$(random 16)" \
  "${rtsp_url[@]}"
kubectl label secret veil-secrets "${namespace[@]}" app.kubernetes.io/part-of=veil >/dev/null
echo "created veil-secrets; read the viewer token with:" >&2
echo "  kubectl get secret veil-secrets -o jsonpath='{.data.view-token}' | base64 -d" >&2
