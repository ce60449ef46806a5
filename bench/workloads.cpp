#include "workloads.hpp"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace sioc_bench {
namespace {

constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

[[noreturn]] void bad(const std::string& what) { throw std::runtime_error(what); }

int sextet(char c) {
  const std::size_t at = kAlphabet.find(c);
  return at == std::string_view::npos ? -1 : static_cast<int>(at);
}

}  // namespace

std::string base64_decode(std::string_view text) {
  if (text.size() % 4 != 0) bad("base64 length is not a multiple of 4");
  std::string out;
  out.reserve(text.size() / 4 * 3);
  for (std::size_t i = 0; i < text.size(); i += 4) {
    const bool last = i + 4 == text.size();
    int pad = 0;
    if (last && text[i + 3] == '=') pad = text[i + 2] == '=' ? 2 : 1;
    unsigned v = 0;
    for (std::size_t k = 0; k < 4; ++k) {
      int s = 0;
      if (k < 4 - static_cast<std::size_t>(pad)) {
        s = sextet(text[i + k]);
        if (s < 0) bad("character outside the base64 alphabet");
      }
      v = (v << 6) | static_cast<unsigned>(s);
    }
    out.push_back(static_cast<char>((v >> 16) & 0xFF));
    if (pad < 2) out.push_back(static_cast<char>((v >> 8) & 0xFF));
    if (pad < 1) out.push_back(static_cast<char>(v & 0xFF));
  }
  return out;
}

std::string base64_encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    const std::size_t have = bytes.size() - i < 3 ? bytes.size() - i : 3;
    unsigned v = 0;
    for (std::size_t k = 0; k < 3; ++k) {
      v = (v << 8) | (k < have ? static_cast<unsigned char>(bytes[i + k]) : 0U);
    }
    for (std::size_t k = 0; k < 4; ++k) {
      out.push_back(k <= have ? kAlphabet[(v >> (18 - 6 * k)) & 63] : '=');
    }
  }
  return out;
}

frame frame_from_json(const nlohmann::json& j) {
  if (!j.is_object() || !j.contains("t") || !j.contains("v") || !j["v"].is_string()) {
    bad("a frame must be {\"t\": \"text\"|\"bin\", \"v\": string}, got " + j.dump().substr(0, 80));
  }
  const std::string t = j["t"].get<std::string>();
  const std::string v = j["v"].get<std::string>();
  if (t == "text") return frame{false, v};
  if (t == "bin") return frame{true, base64_decode(v)};
  bad("unknown frame kind \"" + t + "\"");
}

std::size_t workload::input_bytes() const noexcept {
  std::size_t n = 0;
  for (const auto& f : frames) n += f.bytes.size();
  return n;
}

workload_set workload_set::load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    bad("cannot open the workloads file \"" + path +
        "\"; pass --workloads=PATH or set SIOC_WORKLOADS (it is shared/bench/workloads.json)");
  }
  std::stringstream text;
  text << in.rdbuf();
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(text.str());
  } catch (const nlohmann::json::exception& e) {
    bad("\"" + path + "\" is not JSON: " + e.what());
  }
  if (!doc.is_object()) bad("\"" + path + "\" is not a JSON object of workloads");
  workload_set set;
  set.path_ = path;
  for (const auto& [id, entry] : doc.items()) {
    if (id.empty() || id[0] != 'W') continue;  // "_doc" and friends
    try {
      workload w;
      w.id = id;
      w.spec = entry;
      w.desc = entry.value("desc", "");
      w.op = entry.at("op").get<std::string>();
      if (entry.contains("input")) w.frames.push_back(frame_from_json(entry["input"]));
      if (entry.contains("stream")) w.frames.push_back(frame_from_json(entry["stream"]));
      if (entry.contains("frames")) {
        for (const auto& f : entry["frames"]) w.frames.push_back(frame_from_json(f));
      }
      set.workloads_.emplace(id, std::move(w));
    } catch (const std::exception& e) {
      bad("\"" + path + "\": workload " + id + ": " + e.what());
    }
  }
  return set;
}

const workload* workload_set::find(std::string_view id) const {
  const auto it = workloads_.find(std::string(id));
  return it == workloads_.end() ? nullptr : &it->second;
}

std::string workloads_path(const char* flag_value) {
  if (flag_value != nullptr && *flag_value != '\0') return flag_value;
  if (const char* env = std::getenv("SIOC_WORKLOADS"); env != nullptr && *env != '\0') return env;
  return SIOC_BENCH_DEFAULT_WORKLOADS;
}

}  // namespace sioc_bench
