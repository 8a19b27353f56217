// Running the threadlens binary as a child the battery can time, measure and kill: posix_spawn
// plus wait4, so each run's own peak memory is known (RUSAGE_CHILDREN would mix every child the
// test binary ever waited for).
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "testing.h"

extern char** environ;

namespace threadlens::testing {

struct ChildRun {
  int exit_code = -1;     // 128+N when killed by signal N (also after a timeout)
  bool timed_out = false;
  long max_rss_kb = 0;    // the child's peak resident set
  double seconds = 0;
  std::string err;        // its stderr
};

// Starts `TL_BINARY args...` with stdout to /dev/null and stderr to `err_path`. Returns the pid
// (-1 on failure). `env` entries ("K=V") are added to the environment.
inline pid_t SpawnThreadlens(const std::vector<std::string>& args, const std::string& err_path,
                             const std::vector<std::string>& env = {}) {
  std::vector<std::string> argv_s = {TL_BINARY};
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::vector<std::string> env_s;
  for (char** e = environ; *e; ++e) env_s.emplace_back(*e);
  env_s.insert(env_s.end(), env.begin(), env.end());
  std::vector<char*> envp;
  for (auto& e : env_s) envp.push_back(e.data());
  envp.push_back(nullptr);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  pid_t pid = -1;
  int rc = posix_spawn(&pid, argv[0], &fa, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&fa);
  return rc == 0 ? pid : -1;
}

// Waits for `pid`; after `timeout_s` seconds kills it with SIGKILL (timed_out set).
inline ChildRun WaitChild(pid_t pid, double timeout_s, const std::string& err_path) {
  ChildRun r;
  auto start = std::chrono::steady_clock::now();
  int status = 0;
  struct rusage ru {};
  for (;;) {
    pid_t w = wait4(pid, &status, WNOHANG, &ru);
    if (w == pid) break;
    if (w < 0) return r;
    double elapsed =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (elapsed > timeout_s && !r.timed_out) {
      r.timed_out = true;
      kill(pid, SIGKILL);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  r.max_rss_kb = ru.ru_maxrss;
  if (WIFEXITED(status)) r.exit_code = WEXITSTATUS(status);
  else if (WIFSIGNALED(status)) r.exit_code = 128 + WTERMSIG(status);
  r.err = ReadFile(err_path);
  return r;
}

// Runs the binary to the end (or the timeout) and measures it.
inline ChildRun RunMeasured(const std::vector<std::string>& args, double timeout_s,
                            const std::string& err_path,
                            const std::vector<std::string>& env = {}) {
  pid_t pid = SpawnThreadlens(args, err_path, env);
  if (pid < 0) return ChildRun{};
  return WaitChild(pid, timeout_s, err_path);
}

// True when the build is instrumented (ASan/UBSan): time limits are then scaled.
inline double SlowFactor() {
#if defined(__SANITIZE_ADDRESS__)
  return 4.0;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
  return 4.0;
#else
  return 1.0;
#endif
#else
  return 1.0;
#endif
}

}  // namespace threadlens::testing
