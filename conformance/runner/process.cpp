#include "process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <vector>

namespace sioc_conformance {
namespace {

constexpr std::size_t kStderrTail = 4096;

long long now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

long long deadline_after(double seconds) { return now_ms() + static_cast<long long>(seconds * 1000.0); }

void close_fd(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

// Reads what `fd` has into `out`; false on EOF or a read error.
bool drain(int fd, std::string& out) {
  char buffer[65536];
  for (;;) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n > 0) {
      out.append(buffer, static_cast<std::size_t>(n));
      continue;
    }
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return true;
    if (n < 0 && errno == EINTR) continue;
    return false;
  }
}

}  // namespace

bool adapter_process::start(std::string& error) {
  int in[2] = {-1, -1}, out[2] = {-1, -1}, err[2] = {-1, -1};
  const auto close_all = [&] {
    for (int* p : {in, out, err}) {
      close_fd(p[0]);
      close_fd(p[1]);
    }
  };
  if (::pipe2(in, O_CLOEXEC) != 0 || ::pipe2(out, O_CLOEXEC) != 0 || ::pipe2(err, O_CLOEXEC) != 0) {
    error = std::strerror(errno);
    close_all();
    return false;
  }
  // Built before fork: the child only calls async-signal-safe functions.
  const std::string script = "exec " + command_;
  const pid_t pid = ::fork();
  if (pid < 0) {
    error = std::strerror(errno);
    close_all();
    return false;
  }
  if (pid == 0) {
    ::setpgid(0, 0);  // one group, so a timeout kills whatever the adapter started
    ::signal(SIGPIPE, SIG_DFL);  // an ignored signal would stay ignored across exec
    ::dup2(in[0], 0);
    ::dup2(out[1], 1);
    ::dup2(err[1], 2);
    ::execl("/bin/sh", "sh", "-c", script.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  ::setpgid(pid, pid);  // also here: whichever runs first wins the race
  ::close(in[0]);
  ::close(out[1]);
  ::close(err[1]);
  pid_ = pid;
  pgid_ = pid;
  in_ = in[1];
  out_ = out[0];
  err_ = err[0];
  for (const int fd : {in_, out_, err_}) ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
  stdout_buffer_.clear();
  stderr_.clear();
  return true;
}

std::string adapter_process::exit_description(int wstatus) const {
  if (WIFEXITED(wstatus)) return "exited with status " + std::to_string(WEXITSTATUS(wstatus));
  if (WIFSIGNALED(wstatus)) {
    return "killed by signal " + std::to_string(WTERMSIG(wstatus)) + " (" + ::strsignal(WTERMSIG(wstatus)) + ")";
  }
  return "stopped";
}

bool adapter_process::pump(long long deadline_ms, bool want_write, bool& writable) {
  writable = false;
  std::vector<pollfd> fds;
  if (out_ >= 0) fds.push_back({out_, POLLIN, 0});
  if (err_ >= 0) fds.push_back({err_, POLLIN, 0});
  if (want_write && in_ >= 0) fds.push_back({in_, POLLOUT, 0});
  const long long wait = deadline_ms - now_ms();
  if (wait <= 0) return true;
  const int n = ::poll(fds.data(), fds.size(), static_cast<int>(wait));
  if (n <= 0) return true;  // timeout or EINTR: the caller checks the deadline
  bool open = true;
  for (const pollfd& p : fds) {
    if (p.revents == 0) continue;
    if (p.fd == in_) {
      writable = true;
    } else if (p.fd == out_) {
      if (!drain(out_, stdout_buffer_)) {
        close_fd(out_);
        open = false;
      }
    } else if (p.fd == err_) {
      const bool more = drain(err_, stderr_);
      if (stderr_.size() > kStderrTail) stderr_.erase(0, stderr_.size() - kStderrTail);
      if (!more) close_fd(err_);
    }
  }
  return open;
}

adapter_process::reply adapter_process::exchange(const std::string& line, double timeout_s) {
  reply r;
  const long long deadline = deadline_after(timeout_s);
  const std::string data = line + "\n";
  std::size_t written = 0;
  bool writable = false;
  const auto crashed = [&](const std::string& what) {
    // Give the process a moment to finish dying, to say how it ended.
    const long long until = now_ms() + 2000;
    int wstatus = 0;
    while (pid_ > 0 && now_ms() < until) {
      if (::waitpid(pid_, &wstatus, WNOHANG) == pid_) {
        pid_ = -1;
        r.detail = what + ", " + exit_description(wstatus);
        break;
      }
      ::usleep(10000);
    }
    if (r.detail.empty()) r.detail = what;
    r.state = status::crashed;
    kill();
    return r;
  };
  while (written < data.size()) {
    if (now_ms() >= deadline) {
      r.state = status::timed_out;
      r.detail = "did not read its request within the timeout";
      kill();
      return r;
    }
    if (!pump(deadline, true, writable)) return crashed("closed its stdout");
    if (!writable) continue;
    const ssize_t n = ::write(in_, data.data() + written, data.size() - written);
    if (n > 0) {
      written += static_cast<std::size_t>(n);
    } else if (n < 0 && errno != EAGAIN && errno != EINTR) {
      return crashed("closed its stdin");
    }
  }
  for (;;) {
    if (const std::size_t eol = stdout_buffer_.find('\n'); eol != std::string::npos) {
      r.line = stdout_buffer_.substr(0, eol);
      stdout_buffer_.erase(0, eol + 1);
      return r;
    }
    if (now_ms() >= deadline) {
      r.state = status::timed_out;
      r.detail = "no answer within the timeout";
      kill();
      return r;
    }
    if (!pump(deadline, false, writable)) return crashed("closed its stdout");
  }
}

std::string adapter_process::finish(double timeout_s) {
  if (pid_ <= 0) return {};
  close_fd(in_);
  const long long deadline = deadline_after(timeout_s);
  bool writable = false;
  while ((out_ >= 0 || err_ >= 0) && now_ms() < deadline) pump(deadline, false, writable);
  int wstatus = 0;
  while (now_ms() < deadline) {
    if (::waitpid(pid_, &wstatus, WNOHANG) == pid_) {
      pid_ = -1;
      kill();  // the group's leftovers and the pipes
      return WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == 0 ? std::string() : exit_description(wstatus);
    }
    ::usleep(10000);
  }
  kill();
  return "did not exit within the timeout after its stdin was closed";
}

void adapter_process::kill() {
  // Whatever the adapter started is in its process group, even once it is gone.
  if (pgid_ > 0) ::kill(-pgid_, SIGKILL);
  pgid_ = -1;
  if (pid_ > 0) {
    int wstatus = 0;
    ::waitpid(pid_, &wstatus, 0);
    pid_ = -1;
  }
  close_fd(in_);
  close_fd(out_);
  close_fd(err_);
}

}  // namespace sioc_conformance
