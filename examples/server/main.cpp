// sioc_example_server: sioc's Engine.IO and Socket.IO server sessions under a real HTTP and WebSocket server.
// See README.md in this directory.
#include <boost/system/system_error.hpp>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "app.hpp"
#include "host.hpp"

namespace {

constexpr const char* kUsage =
    "usage: sioc_example_server [--port N] [--mode engineio|engineio-v3|socketio|interop]\n"
    "                           [--ping-interval MS] [--ping-timeout MS] [--max-payload BYTES]\n"
    "                           [--connect-timeout MS]\n"
    "Listens on 127.0.0.1 (port 3000 by default, 0 for any free port), prints \"listening PORT\"\n"
    "once ready, and serves until SIGINT or SIGTERM. Defaults: --mode engineio, --ping-interval\n"
    "300, --ping-timeout 200, --max-payload 1000000, --connect-timeout 1000.\n";

// Decimal digits only, within [min, max].
std::optional<std::uint64_t> parse_number(std::string_view text, std::uint64_t min, std::uint64_t max) {
  if (text.empty() || text.size() > 19) return std::nullopt;
  std::uint64_t value = 0;
  for (const char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + static_cast<std::uint64_t>(c - '0');
  }
  if (value < min || value > max) return std::nullopt;
  return value;
}

int usage_error(const std::string& message) {
  std::fprintf(stderr, "sioc_example_server: %s\n%s", message.c_str(), kUsage);
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  example::settings s;
  s.port = 3000;
  std::string mode_name = "engineio";
  for (int i = 1; i < argc; ++i) {
    const std::string_view flag = argv[i];
    if (flag == "--help" || flag == "-h") {
      std::fputs(kUsage, stdout);
      return 0;
    }
    if (i + 1 >= argc) return usage_error("missing value after " + std::string(flag));
    const std::string_view value = argv[++i];
    const auto number = [&](std::uint64_t min, std::uint64_t max) {
      return parse_number(value, min, max);
    };
    constexpr std::uint64_t kDay = 24ULL * 3600 * 1000;
    std::optional<std::uint64_t> n;
    if (flag == "--mode") {
      mode_name = value;
      continue;
    } else if (flag == "--port") {
      if ((n = number(0, std::numeric_limits<std::uint16_t>::max()))) s.port = static_cast<std::uint16_t>(*n);
    } else if (flag == "--ping-interval") {
      if ((n = number(1, kDay))) s.ping_interval_ms = *n;
    } else if (flag == "--ping-timeout") {
      if ((n = number(1, kDay))) s.ping_timeout_ms = *n;
    } else if (flag == "--max-payload") {
      if ((n = number(1, std::uint64_t{1} << 30))) s.max_payload = static_cast<std::size_t>(*n);
    } else if (flag == "--connect-timeout") {
      if ((n = number(1, kDay))) s.connect_timeout_ms = *n;
    } else {
      return usage_error("unknown flag " + std::string(flag));
    }
    if (!n) return usage_error("bad value for " + std::string(flag) + ": " + std::string(value));
  }

  std::unique_ptr<example::mode> m;
  if (mode_name == "engineio") {
    m = example::engineio_mode(s, false);
  } else if (mode_name == "engineio-v3") {
    m = example::engineio_mode(s, true);
  } else if (mode_name == "socketio") {
    m = example::socketio_mode(s);
  } else if (mode_name == "interop") {
    m = example::interop_mode(s);
  } else {
    return usage_error("unknown mode " + mode_name);
  }

  try {
    example::host h(std::move(m));
    const std::uint16_t port = h.listen(s.port);
    std::printf("listening %u\n", static_cast<unsigned>(port));
    std::fflush(stdout);
    h.run();
  } catch (const boost::system::system_error& e) {
    std::fprintf(stderr, "sioc_example_server: %s\n", e.what());
    return 1;
  }
  return 0;
}
