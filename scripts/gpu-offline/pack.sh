#!/usr/bin/env bash
# Packs, on a machine with internet access, everything a GPU machine WITHOUT internet access needs to build llama.cpp
# with CUDA from source and benchmark m1p there, into .gpu-bundle/ (git-ignored, about 44 MiB):
#   m1p.tar.xz       m1p published self-contained for linux-x64 (no .NET needed on the GPU machine), without
#                    Playwright's node and without the prebuilt llama.cpp (it is replaced by the CUDA build made there)
#   llama-src.tar.xz llama.cpp's source at the exact commit m1p binds (node-llama-cpp@3.22.1's gitRelease.bundle),
#                    built there with CUDA for the one GPU architecture present
#   ggml-vocab-qwen2.gguf  the real Qwen vocabulary, so a synthetic model has Qwen3's 151,936-row output matrix
# xz, not zstd: python3's tarfile unpacks xz on any machine that has python3.
# Copy the repository with .gpu-bundle/ to the GPU machine, then there:  bash scripts/gpu-offline/build-and-bench.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
out="$root/.gpu-bundle"
version=3.22.1
cache="${HOME}/.cache/m1parallel/native/node-llama-cpp-$version"
mkdir -p "$out" "$cache"

if [ ! -d "$cache/src" ]; then
  echo "fetching node-llama-cpp@$version (llama.cpp's source bundle) ..." >&2
  (cd "$cache" && npm pack --silent "node-llama-cpp@$version" >/dev/null && tar xzf "node-llama-cpp-$version.tgz" package/llama/gitRelease.bundle)
  git clone -q "$cache/package/llama/gitRelease.bundle" "$cache/src" 2>/dev/null
fi
(cd "$cache/src" && XZ_OPT=-9 tar -cJf "$out/llama-src.tar.xz" \
  --exclude=ggml/src/ggml-vulkan --exclude=ggml/src/ggml-sycl --exclude=ggml/src/ggml-metal --exclude=ggml/src/ggml-cann \
  --exclude=ggml/src/ggml-musa --exclude=ggml/src/ggml-opencl --exclude=ggml/src/ggml-kompute \
  CMakeLists.txt LICENSE cmake ggml src include common vendor)

publish=$(mktemp -d)
trap 'rm -rf "$publish"' EXIT
dotnet publish "$root/src/M1Parallel.Cli" -c Release -r linux-x64 --self-contained -o "$publish" -nologo -clp:ErrorsOnly
(cd "$publish" && tar --exclude=./.playwright --exclude=./native --exclude='*.pdb' --exclude='*.xml' -cf - . | xz -9 -T0 > "$out/m1p.tar.xz")

install -m 644 "$root/models/test/ggml-vocab-qwen2.gguf" "$out/"
du -cb "$out"/* | tail -1 | awk '{ printf "packed %.1f MiB in .gpu-bundle/\n", $1 / 1048576 }'
