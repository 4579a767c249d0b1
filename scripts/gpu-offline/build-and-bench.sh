#!/usr/bin/env bash
# Runs on a GPU machine without internet access, from the bundle pack.sh made (.gpu-bundle/): builds llama.cpp with
# CUDA for the GPU present, then measures the scheduler on a synthetic Qwen3-32B-shaped Q4_K_M model (about 19 GB,
# made there) and writes the JSON and the log to BENCH_OUT (default: gpu-bench-out/ in the repository).
#   BENCH_MODEL overrides the model (default: --synthetic qwen3-32b:q4_k_m), BENCH_ARGS the bench's other arguments
#   (default: --streams 1,3,5 --tokens 64 --repeat 2 --client-pairs 3). CPU_ONLY=1 builds without CUDA, to try the
#   script on a machine without a GPU (e.g. CPU_ONLY=1 BENCH_MODEL="--synthetic qwen3-0.6b:q4_0" BENCH_ARGS="--streams 1,2 --tokens 8 --repeat 1 --client-pairs 1").
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
pack="$root/.gpu-bundle"
out="${BENCH_OUT:-$root/gpu-bench-out}"
work="${TMPDIR:-/tmp}/m1p-gpu-build"
mkdir -p "$out" "$work/m1p" "$work/llama"
exec > >(tee "$out/gpu-bench.log") 2>&1
step() { echo "== $(date +%T) $*"; }

step "machine"
cuda=(-DGGML_CUDA=OFF)
targets=(llama ggml-cpu)
if [ "${CPU_ONLY:-0}" != 1 ]; then
  nvidia-smi --query-gpu=name,memory.total,driver_version,compute_cap --format=csv,noheader
  ldconfig -p | grep -E 'libcudart|libcublas|libcuda\.so' || echo "(no CUDA runtime in ldconfig; using the toolkit's lib64)"
  nvcc=$(command -v nvcc || echo /usr/local/cuda/bin/nvcc)
  cuda_home=$(dirname "$(dirname "$nvcc")")
  export LD_LIBRARY_PATH="$cuda_home/lib64:${LD_LIBRARY_PATH:-}"
  arch=$(nvidia-smi --query-gpu=compute_cap --format=csv,noheader | head -1 | tr -d '.')
  cuda=(-DGGML_CUDA=ON -DCMAKE_CUDA_ARCHITECTURES="$arch" -DCMAKE_CUDA_COMPILER="$nvcc")
  targets+=(ggml-cuda)
fi

step "unpack"
python3 - "$pack" "$work" <<'PY'
import sys, tarfile
pack, work = sys.argv[1], sys.argv[2]
for name, into in (("m1p.tar.xz", "m1p"), ("llama-src.tar.xz", "llama")):
    with tarfile.open(f"{pack}/{name}") as t:
        t.extractall(f"{work}/{into}", filter="tar")
PY
chmod +x "$work/m1p/m1p"
generator=()
command -v ninja >/dev/null && generator=(-G Ninja)

step "build llama.cpp (${cuda[*]})"
cmake -S "$work/llama" -B "$work/llama/build" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release -DBUILD_SHARED_LIBS=ON \
  -DGGML_BACKEND_DL=ON -DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_BMI2=ON "${cuda[@]}" \
  -DLLAMA_BUILD_COMMON=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_TOOLS=OFF \
  -DLLAMA_BUILD_SERVER=OFF -DLLAMA_BUILD_APP=OFF -DLLAMA_CURL=OFF >/dev/null
cmake --build "$work/llama/build" -j "$(nproc)" --target "${targets[@]}"
libs="$work/llama/build/bin"
ls "$libs"/*.so
export M1P_LLAMA_LIB_DIR="$libs"

step "bench scheduler"
# shellcheck disable=SC2086
"$work/m1p/m1p" bench scheduler ${BENCH_MODEL:---synthetic qwen3-32b:q4_k_m} --vocab "$pack/ggml-vocab-qwen2.gguf" --gpu-layers -1 \
  ${BENCH_ARGS:---streams 1,3,5 --tokens 64 --repeat 2 --client-pairs 3} --json "$out/gpu-scheduler.json"
step "done"
