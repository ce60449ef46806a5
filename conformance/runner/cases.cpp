#include "cases.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <utility>

#include "compare.hpp"

namespace sioc_conformance {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

json read_json(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  json j = json::parse(text.str(), nullptr, false);
  if (!in || j.is_discarded()) throw std::runtime_error(path.string() + ": not a JSON file");
  return j;
}

std::vector<fs::path> json_files(const fs::path& dir) {
  std::vector<fs::path> out;
  if (!fs::is_directory(dir)) return out;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.is_regular_file() && entry.path().extension() == ".json") out.push_back(entry.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

test_case make_case(const std::string& row, json request, const json& expected, const json* expected_strict,
                    bool artifact) {
  test_case c;
  c.id = request.at("id").get<std::string>();
  c.suite = request.at("suite").get<std::string>();
  c.row = row;
  c.expected = normalize(c.suite, expected);
  if (expected_strict != nullptr) c.expected_strict = normalize(c.suite, *expected_strict);
  c.artifact = artifact;
  c.request = std::move(request);
  return c;
}

void add_suite_file(const fs::path& path, std::vector<test_case>& out) {
  const json file = read_json(path);
  // The directory also holds package.json and schema.json.
  if (!file.is_object() || !file.contains("cases") || !file.contains("suite")) return;
  if (file.value("format", 0) != 1) throw std::runtime_error(path.string() + ": format is not 1");
  for (const json& c : file.at("cases")) {
    try {
      json request = {{"id", c.at("id")},
                      {"suite", c.at("suite")},
                      {"direction", c.at("direction")},
                      {"options", c.at("options")},
                      {"input", c.at("input")}};
      bool artifact = false;
      for (const json& tag : c.value("tags", json::array())) artifact = artifact || tag == "js-artifact";
      const json* strict = c.contains("expected_strict") ? &c.at("expected_strict") : nullptr;
      out.push_back(make_case(c.at("suite").get<std::string>(), std::move(request), c.at("expected"), strict, artifact));
    } catch (const json::exception& e) {
      throw std::runtime_error(path.string() + ": a case lacks a member (" + e.what() + ")");
    }
  }
}

// A recorded frame's bytes in the vectors' form.
json frame_of(const json& f) {
  if (f.at("kind") == "bin") return {{"t", "bin"}, {"v", f.at("v")}};
  if (f.contains("hex")) return {{"t", "text"}, {"hex", f.at("hex")}};
  return {{"t", "text"}, {"v", f.at("v")}};
}

// A recorded Socket.IO packet as a decoder delivers it: the recordings restore
// the wire type and attachment count, which the suites do not (SESSIONS.md).
json delivered(json packet, int sio_version) {
  packet.erase("attachments");
  const int type = packet.value("type", -1);
  if (sio_version == 5 && (type == 5 || type == 6)) packet["type"] = type - 3;
  return packet;
}

// One case per frame that carries Engine.IO (a WebSocket message decoded as one
// packet, a polling body as a payload), and per direction one Socket.IO case
// fed every message of that direction in order, across transports.
void add_session(const fs::path& path, std::vector<test_case>& out) {
  const json s = read_json(path);
  try {
    const std::string name = s.at("id").get<std::string>();
    const int eio = s.at("eio").get<int>();
    const int sio = s.at("sio").get<int>();
    const json& frames = s.at("frames");
    for (std::size_t i = 0; i < frames.size(); ++i) {
      const json& f = frames[i];
      if (!f.contains("eio")) continue;  // bodiless HTTP messages, close frames
      const bool polling = f.at("transport") == "polling";
      std::string suite = eio == 4 ? "eio4.packet" : "eio3.packet";
      if (polling) suite = eio == 4 ? "eio4.payload" : (f.at("kind") == "bin" ? "eio3.payload.binary" : "eio3.payload.text");
      json packets = json::array();
      bool error = false;
      for (const json& p : f.at("eio")) {
        if (p.contains("error")) {
          error = true;
          break;
        }
        packets.push_back(p);
      }
      json request = {{"id", "session." + name + "." + std::to_string(i)},
                      {"suite", suite},
                      {"direction", "decode"},
                      {"options", {{"maxPayload", 1000000}}},
                      {"input", {{"frame", frame_of(f)}}}};
      out.push_back(make_case("sessions", std::move(request), {{"packets", packets}, {"error", error}}, nullptr, false));
    }
    for (const char* dir : {"c2s", "s2c"}) {
      json messages = json::array();
      json packets = json::array();
      bool error = false;
      bool wire_types = false;  // a v4 binary packet kept as 5/6, as socket.io-parser 3.4.3 delivers it
      for (const json& f : frames) {
        if (f.at("dir") != dir || !f.contains("eio") || error) continue;
        for (const json& p : f.at("eio")) {
          if (p.contains("error")) break;
          if (p.at("type") == "message") messages.push_back(p.value("data", json{{"t", "text"}, {"v", ""}}));
        }
        for (const json& p : f.value("sio", json::array())) {
          if (p.contains("error")) {
            error = true;
            break;
          }
          packets.push_back(delivered(p, sio));
          wire_types = wire_types || (sio == 4 && (p.at("type") == 5 || p.at("type") == 6));
        }
      }
      if (messages.empty()) continue;
      const std::string suite = sio == 5 ? "sio5" : "sio4";
      json request = {{"id", "session." + name + "." + dir},
                      {"suite", suite},
                      {"direction", "decode"},
                      {"options", sio == 5 ? json{{"maxAttachments", 10}} : json::object()},
                      {"input", {{"frames", messages}}}};
      const json expected = {{"packets", packets}, {"error", error}, {"incomplete", false}};
      // As in sio4.json: the reference's 5/6 is a js-artifact; strict expects 2/3.
      json strict = expected;
      for (json& p : strict.at("packets")) {
        const int type = p.value("type", -1);
        if (type == 5 || type == 6) p["type"] = type - 3;
      }
      out.push_back(make_case("sessions", std::move(request), expected, wire_types ? &strict : nullptr, wire_types));
    }
  } catch (const json::exception& e) {
    throw std::runtime_error(path.string() + ": not a session recording (" + e.what() + ")");
  }
}

}  // namespace

const std::vector<std::string>& known_suites() {
  static const std::vector<std::string> suites = {"eio4.packet",       "eio4.payload",        "eio4.webtransport",
                                                  "eio3.packet",       "eio3.payload.text",   "eio3.payload.binary",
                                                  "sio5",              "sio5.msgpack",        "sio4"};
  return suites;
}

std::vector<test_case> load_cases(const std::string& dir, bool sessions) {
  std::vector<test_case> out;
  for (const fs::path& path : json_files(dir)) add_suite_file(path, out);
  if (out.empty()) throw std::runtime_error(dir + ": no suite files");
  if (sessions) {
    for (const fs::path& path : json_files(fs::path(dir) / "sessions")) add_session(path, out);
  }
  return out;
}

}  // namespace sioc_conformance
