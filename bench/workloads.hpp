// The benchmark workloads (W1-W10), read from workloads.json at start-up.
//
// The file's format is described by its own "_doc" member: every workload has
// an "op" and either wire input ("input": one frame, "frames": a list,
// "stream": one byte stream) or packets to encode ("packet", "packets"). A
// frame is {"t": "text"|"bin", "v": text or base64}. This loader turns wire
// input into bytes and keeps the whole entry as JSON, so each benchmark suite
// interprets packets in its own protocol's terms. It decodes base64 itself
// rather than with the codec, so a codec bug cannot hide in the expectations.
#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace sioc_bench {

struct frame {
  bool binary = false;
  std::string bytes;  // UTF-8 text, or the decoded binary bytes
};

struct workload {
  std::string id;             // "W2"
  std::string desc;           // "eio4 decodePayload of 100 packets ..."
  std::string op;             // "eio4.decodePayload"
  std::vector<frame> frames;  // wire input, in order; empty for encoder workloads
  nlohmann::json spec;        // the whole entry

  // Input bytes of a decoder workload: text frames' UTF-8 plus binary frames' bytes.
  std::size_t input_bytes() const noexcept;
};

class workload_set {
 public:
  // Reads and checks the file. Throws std::runtime_error with a message naming
  // the path when it is missing or malformed.
  static workload_set load(const std::string& path);

  const std::string& path() const noexcept { return path_; }
  // nullptr when the file has no such workload.
  const workload* find(std::string_view id) const;
  const std::map<std::string, workload>& all() const noexcept { return workloads_; }

 private:
  std::string path_;
  std::map<std::string, workload> workloads_;
};

// {"t": "text"|"bin", "v": ...} -> frame. Throws std::runtime_error if malformed.
frame frame_from_json(const nlohmann::json& j);

// Standard, padded base64 (what workloads.json uses). Throws std::runtime_error.
std::string base64_decode(std::string_view text);
std::string base64_encode(std::string_view bytes);

// Where the workloads come from: --workloads=PATH, else $SIOC_WORKLOADS, else
// the compiled-in default (../shared/bench/workloads.json next to the source tree).
std::string workloads_path(const char* flag_value);

}  // namespace sioc_bench
