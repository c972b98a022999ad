// SPDX-License-Identifier: GPL-3.0-or-later
#include "child_process.h"

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <thread>

extern char** environ;

namespace mnl {
namespace {

// Owns the spawn attributes and file actions for one posix_spawn call.
class SpawnSetup {
 public:
  explicit SpawnSetup(int outputFd) {
    posix_spawn_file_actions_init(&actions_);
    posix_spawnattr_init(&attributes_);
    posix_spawn_file_actions_addopen(&actions_, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&actions_, outputFd, STDOUT_FILENO);
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 34))
    // Descriptors another thread opened without O_CLOEXEC must not stay open in the child:
    // a pipe end held there would keep its reader in this process from seeing the end.
    posix_spawn_file_actions_addclosefrom_np(&actions_, STDERR_FILENO + 1);
#endif
    // Signal dispositions and masks are per process and inherited through exec: the child
    // starts with none blocked, and a crash or a closed pipe ends it even where this process
    // ignores them (SIGPIPE often is).
    sigset_t none, defaults;
    sigemptyset(&none);
    sigemptyset(&defaults);
    for (int signal : {SIGPIPE, SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGXCPU, SIGXFSZ})
      sigaddset(&defaults, signal);
    posix_spawnattr_setsigmask(&attributes_, &none);
    posix_spawnattr_setsigdefault(&attributes_, &defaults);
    posix_spawnattr_setflags(&attributes_, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  }
  ~SpawnSetup() {
    posix_spawn_file_actions_destroy(&actions_);
    posix_spawnattr_destroy(&attributes_);
  }
  SpawnSetup(const SpawnSetup&) = delete;
  SpawnSetup& operator=(const SpawnSetup&) = delete;
  const posix_spawn_file_actions_t* actions() const { return &actions_; }
  const posix_spawnattr_t* attributes() const { return &attributes_; }

 private:
  posix_spawn_file_actions_t actions_;
  posix_spawnattr_t attributes_;
};

}  // namespace

ChildOutcome runAndCapture(const std::filesystem::path& program,
                           const std::vector<std::string>& arguments,
                           std::chrono::milliseconds timeLimit, std::size_t outputLimit) {
  ChildOutcome outcome;
  int fds[2];
  // O_CLOEXEC: a program another thread starts meanwhile must not inherit either end.
  if (::pipe2(fds, O_CLOEXEC) != 0) {
    outcome.code = errno;
    return outcome;
  }
  std::vector<std::string> argvStrings{program.string()};
  argvStrings.insert(argvStrings.end(), arguments.begin(), arguments.end());
  std::vector<char*> argv;
  for (std::string& argument : argvStrings) argv.push_back(argument.data());
  argv.push_back(nullptr);

  pid_t child = -1;
  int spawned = 0;
  {
    const SpawnSetup setup(fds[1]);
    spawned = ::posix_spawn(&child, program.c_str(), setup.actions(), setup.attributes(),
                            argv.data(), environ);
  }
  ::close(fds[1]);
  if (spawned != 0) {
    ::close(fds[0]);
    outcome.code = spawned;
    return outcome;
  }

  const auto deadline = std::chrono::steady_clock::now() + timeLimit;
  outcome.end = ChildOutcome::End::Exited;
  char buffer[65536];
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      outcome.end = ChildOutcome::End::TimedOut;
      break;
    }
    pollfd ready{fds[0], POLLIN, 0};
    const int polled = ::poll(&ready, 1, static_cast<int>(left.count()));
    if (polled < 0 && errno == EINTR) continue;
    if (polled == 0) continue;  // the deadline check above ends it
    const ssize_t got = ::read(fds[0], buffer, sizeof buffer);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) break;
    if (outcome.output.size() + static_cast<std::size_t>(got) > outputLimit) {
      outcome.end = ChildOutcome::End::TooMuchOutput;
      break;
    }
    outcome.output.append(buffer, static_cast<std::size_t>(got));
  }
  ::close(fds[0]);
  // Its output ended; it may still be running (closed its output and hung): the time limit
  // holds for its exit too.
  int status = 0;
  pid_t waited = 0;
  auto pause = std::chrono::microseconds(100);
  while (outcome.end == ChildOutcome::End::Exited) {
    waited = ::waitpid(child, &status, WNOHANG);
    if (waited < 0 && errno == EINTR) continue;
    if (waited != 0) break;
    if (std::chrono::steady_clock::now() >= deadline) {
      outcome.end = ChildOutcome::End::TimedOut;
      break;
    }
    std::this_thread::sleep_for(pause);
    pause = std::min(pause * 2, std::chrono::microseconds(10000));
  }
  if (outcome.end != ChildOutcome::End::Exited) {
    ::kill(child, SIGKILL);
    while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
    }
    return outcome;
  }
  if (waited < 0) {
    // Someone else reaped it (SIGCHLD ignored): its output is all there is to go by.
    outcome.code = 0;
  } else if (WIFSIGNALED(status)) {
    outcome.end = ChildOutcome::End::Signalled;
    outcome.code = WTERMSIG(status);
  } else {
    outcome.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  return outcome;
}

}  // namespace mnl
