// engine_bench's entry point: Google Benchmark's main, with glibc's mmap threshold pinned so that large
// buffers freed by one benchmark go back to the system and the next one's resident-memory growth is its own.
#include <benchmark/benchmark.h>
#include <malloc.h>

int main(int argc, char** argv) {
  mallopt(M_MMAP_THRESHOLD, 128 * 1024);
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
