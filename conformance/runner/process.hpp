// An adapter subprocess: requests on its stdin, one answer line each on its
// stdout, its stderr kept (the tail) for the report. POSIX only.
#pragma once

#include <sys/types.h>

#include <string>

namespace sioc_conformance {

class adapter_process {
 public:
  enum class status { ok, crashed, timed_out };

  struct reply {
    status state = status::ok;
    std::string line;    // the answer, without its '\n'
    std::string detail;  // for crashed/timed_out: what happened
  };

  explicit adapter_process(std::string command) : command_(std::move(command)) {}
  ~adapter_process() { kill(); }
  adapter_process(const adapter_process&) = delete;
  adapter_process& operator=(const adapter_process&) = delete;

  // Starts the command with /bin/sh -c in its own process group; false (with
  // `error`) when it cannot be started.
  bool start(std::string& error);
  bool running() const { return pid_ > 0; }

  // Writes `line` and a '\n', then waits for one line of answer, draining
  // stderr meanwhile; the whole exchange must finish within `timeout_s`.
  reply exchange(const std::string& line, double timeout_s);

  // Closes stdin and waits up to `timeout_s` for the exit. Returns "" for a
  // clean exit 0, else what happened. Kills the process group if it lingers.
  std::string finish(double timeout_s);

  // Kills the process group and reaps it.
  void kill();

  // The last few KiB the adapter wrote to stderr, for a crash report.
  std::string stderr_tail() const { return stderr_; }

 private:
  // Reads what is available on stdout/stderr (until `deadline_ms`); returns
  // false on stdout EOF.
  bool pump(long long deadline_ms, bool want_write, bool& writable);
  std::string exit_description(int wstatus) const;

  std::string command_;
  pid_t pid_ = -1;   // until reaped
  pid_t pgid_ = -1;  // until killed
  int in_ = -1, out_ = -1, err_ = -1;
  std::string stdout_buffer_;
  std::string stderr_;
};

}  // namespace sioc_conformance
