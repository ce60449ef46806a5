// sioc-conformance: replays the wire vectors (and the recorded sessions, turned
// into cases) through any number of implementations, each behind an adapter
// subprocess (conformance/ADAPTER.md), and reports one matrix: suites by
// implementations. Run with --help for the options.
#include <signal.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "cases.hpp"
#include "compare.hpp"
#include "process.hpp"

namespace {

using namespace sioc_conformance;
using nlohmann::json;

// A request as JSON text. nlohmann reads an integer beyond 64 bits as a double
// and would write 100000000000000000000 back as 1e+20; adapters get the
// digits, as the vector (written by JSON.stringify) has them.
void append_request(const json& j, std::string& out) {
  switch (j.type()) {
    case json::value_t::array: {
      out.push_back('[');
      for (std::size_t i = 0; i < j.size(); ++i) {
        if (i > 0) out.push_back(',');
        append_request(j[i], out);
      }
      out.push_back(']');
      return;
    }
    case json::value_t::object: {
      out.push_back('{');
      bool first = true;
      for (const auto& [key, value] : j.items()) {
        if (!first) out.push_back(',');
        first = false;
        out += json(key).dump(-1, ' ', false, json::error_handler_t::replace);
        out.push_back(':');
        append_request(value, out);
      }
      out.push_back('}');
      return;
    }
    case json::value_t::number_float: {
      const double d = j.get<double>();
      if (std::trunc(d) == d && std::fabs(d) >= 0x1p64 && std::fabs(d) < 1e21) {
        char digits[32];
        std::snprintf(digits, sizeof digits, "%.0f", d);
        out += digits;
        return;
      }
      break;
    }
    default: break;
  }
  out += j.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string request_text(const json& j) {
  std::string out;
  append_request(j, out);
  return out;
}

constexpr const char* kUsage = R"(usage: sioc-conformance [options] NAME=COMMAND...

Sends every case of the wire vectors, and of the recorded sessions turned into
cases, to each adapter and compares the answers with the recorded expectations.
An adapter is a program speaking the protocol of conformance/ADAPTER.md; each
NAME=COMMAND starts one (COMMAND runs under /bin/sh -c) and names its column:

  sioc-conformance 'sioc=build/conformance/sioc-conformance-sioc --dialect strict' \
                   'js=node conformance/adapters/node/adapter.js'

options:
  --vectors DIR        the suite files (DIR/*.json) and sessions (DIR/sessions/*.json)
                       (default: %s)
  --out DIR            where conformance.json and conformance.md are written
                       (default: %s)
  --timeout S          seconds an adapter may take per case, and to start (default: 10)
  --gate NAME=POLICY   how NAME's outcomes decide the exit status:
                         no-fail   no fail, crash, timeout or bad-answer (the default)
                         all-pass  every case passes (artifact, pass-strict and
                                   unsupported count against it too)
                         report    shown, never decides
  --only PREFIX        only the cases whose id starts with PREFIX (repeatable)
  --no-sessions        leave the recorded sessions out
  --list N             failures listed per implementation here (default: 40; all
                       of them are in conformance.md)
  -h, --help           this text

outcomes: pass, pass-strict (a reference-profile answer equal to expected_strict),
artifact (a difference on a js-artifact case), fail, unsupported, crash, timeout,
bad-answer. Exit status: 0 when every gate holds, 1 when one does not, 2 on a
usage error or unreadable vectors.
)";

const std::vector<std::string> kKinds = {"pass",  "pass-strict", "artifact", "fail",
                                         "unsupported", "crash", "timeout", "bad-answer"};

bool gated_kind(const std::string& kind) {
  return kind == "fail" || kind == "crash" || kind == "timeout" || kind == "bad-answer";
}

struct outcome {
  std::string kind;
  std::string detail;  // the one-line diff, the reason, or what happened
  json actual;         // the normalized answer, when there was one
  std::string stderr_tail;
};

struct implementation {
  std::string column;
  std::string command;
  std::string gate = "no-fail";
  json hello;          // the adapter's hello answer, once it started
  std::string note;    // trouble outside any one case (exit status, a refused start)
  std::vector<outcome> outcomes;
  double seconds = 0;

  std::string profile() const { return hello.is_object() ? hello.value("profile", "") : ""; }
  bool gate_holds() const {
    if (gate == "report") return true;
    for (const outcome& o : outcomes) {
      if (gate == "all-pass" ? o.kind != "pass" : gated_kind(o.kind)) return false;
    }
    return true;
  }
};

// The last `lines` non-blank lines of `text`, joined by " | ".
std::string last_lines(const std::string& text, std::size_t lines) {
  std::vector<std::string> kept;
  std::size_t end = text.size();
  while (end > 0 && kept.size() < lines) {
    const std::size_t start = text.rfind('\n', end - 1);
    const std::size_t from = start == std::string::npos ? 0 : start + 1;
    std::string line = text.substr(from, end - from);
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
    if (line.find_first_not_of(' ') != std::string::npos) kept.insert(kept.begin(), line);
    end = start == std::string::npos ? 0 : start;
  }
  std::string out;
  for (const std::string& line : kept) out += (out.empty() ? "" : " | ") + line;
  return out;
}

std::string one_line(std::string s) {
  for (char& c : s) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return s;
}

// A hello answer, checked: the protocol version, a profile, the suites.
std::string hello_problem(const json& h) {
  if (!h.is_object() || h.value("type", "") != "hello") return "the first answer is not a hello";
  if (h.value("protocol", 0) != 1) return "protocol is not 1";
  const std::string profile = h.value("profile", "");
  if (profile != "reference" && profile != "strict") return "profile is neither \"reference\" nor \"strict\"";
  if (!h.contains("suites") || !h.at("suites").is_array()) return "suites is not an array";
  for (const json& s : h.at("suites")) {
    if (!s.is_string()) return "suites holds a non-string";
  }
  if (!h.contains("name") || !h.at("name").is_string()) return "name is not a string";
  return {};
}

class runner {
 public:
  runner(implementation& impl, double timeout) : impl_(impl), timeout_(timeout), process_(impl.command) {}

  void run(const std::vector<test_case>& cases) {
    impl_.outcomes.assign(cases.size(), outcome{});
    for (std::size_t i = 0; i < cases.size(); ++i) impl_.outcomes[i] = run_case(cases[i]);
    if (process_.running()) {
      const std::string end = process_.finish(timeout_);
      if (!end.empty()) add_note("at the end: " + end);
    }
  }

 private:
  void add_note(const std::string& text) { impl_.note += (impl_.note.empty() ? "" : "; ") + text; }

  // Starts the adapter if it is not running and says hello. After a failed
  // start the adapter is not tried again: every later case reports that.
  bool ensure_started() {
    if (process_.running()) return true;
    if (!dead_.empty()) return false;
    std::string error;
    if (!process_.start(error)) {
      dead_ = "cannot start: " + error;
      add_note(dead_);
      return false;
    }
    const auto reply = process_.exchange(R"({"type":"hello","protocol":1})", timeout_);
    std::string problem;
    json hello;
    if (reply.state == adapter_process::status::timed_out) {
      problem = "no hello within the timeout";
    } else if (reply.state == adapter_process::status::crashed) {
      problem = "died before its hello: " + reply.detail;
    } else {
      hello = json::parse(reply.line, nullptr, false);
      problem = hello_problem(hello);
      if (!problem.empty()) problem += ": " + json(reply.line.substr(0, 200)).dump(-1, ' ', false, json::error_handler_t::replace);
    }
    if (!problem.empty()) {
      const std::string tail = last_lines(process_.stderr_tail(), 6);
      dead_ = problem + (tail.empty() ? "" : " (stderr: " + one_line(tail) + ")");
      add_note(dead_);
      process_.kill();
      return false;
    }
    if (impl_.hello.is_null()) impl_.hello = hello;
    suites_.clear();
    for (const json& s : hello.at("suites")) suites_.insert(s.get<std::string>());
    return true;
  }

  outcome failure(const std::string& kind, const std::string& detail) {
    outcome o;
    o.kind = kind;
    o.detail = detail;
    o.stderr_tail = process_.stderr_tail();
    process_.kill();  // restarted, with a hello, for the next case
    return o;
  }

  outcome run_case(const test_case& c) {
    if (!ensure_started()) return {"crash", "not sent, the adapter did not start: " + dead_, json(), ""};
    if (suites_.count(c.suite) == 0) return {"unsupported", "suite " + c.suite + " not implemented", json(), ""};
    // An adapter stuck on every case would otherwise cost the timeout each time.
    if (timeouts_in_a_row_ >= 3) return {"timeout", "not sent: the 3 cases before it timed out", json(), ""};
    const auto reply = process_.exchange(request_text(json{{"type", "case"}, {"case", c.request}}), timeout_);
    if (reply.state == adapter_process::status::timed_out) {
      ++timeouts_in_a_row_;
      return failure("timeout", reply.detail);
    }
    timeouts_in_a_row_ = 0;
    if (reply.state == adapter_process::status::crashed) return failure("crash", reply.detail);
    const json answer = json::parse(reply.line, nullptr, false);
    const auto bad = [&](const std::string& why) {
      std::string line = reply.line.substr(0, 200);
      return failure("bad-answer", why + ": " + json(line).dump(-1, ' ', false, json::error_handler_t::replace));
    };
    if (answer.is_discarded() || !answer.is_object()) return bad("not a JSON object");
    if (answer.value("id", json()) != c.id) return bad("not an answer for " + c.id);
    const std::string type = answer.value("type", "");
    if (type == "unsupported") {
      const json reason = answer.value("reason", json());
      return {"unsupported", reason.is_string() ? reason.get<std::string>() : "", json(), ""};
    }
    if (type != "result" || !answer.contains("result") || !answer.at("result").is_object()) {
      return bad("neither a result object nor unsupported");
    }
    return judge(c, normalize(c.suite, answer.at("result")));
  }

  outcome judge(const test_case& c, json actual) const {
    const bool strict = impl_.profile() == "strict";
    const json& primary = strict && c.expected_strict ? *c.expected_strict : c.expected;
    outcome o;
    std::string diff;
    if (satisfies(primary, actual, diff)) {
      o.kind = "pass";
      return o;
    }
    std::string unused;
    if (!strict && c.expected_strict && satisfies(*c.expected_strict, actual, unused)) {
      o.kind = "pass-strict";
    } else {
      o.kind = c.artifact ? "artifact" : "fail";
    }
    o.detail = diff;
    o.actual = std::move(actual);
    return o;
  }

  implementation& impl_;
  double timeout_;
  adapter_process process_;
  std::set<std::string> suites_;
  std::string dead_;
  int timeouts_in_a_row_ = 0;
};

// ---- reporting -------------------------------------------------------------------------------

using tally = std::map<std::string, int>;  // outcome kind -> count

std::string cell(const tally& t) {
  std::string s = std::to_string(t.count("pass") ? t.at("pass") : 0) + " pass";
  for (const std::string& kind : kKinds) {
    if (kind == "pass" || kind == "fail") continue;
    if (t.count(kind) && t.at(kind) > 0) s += " · " + std::to_string(t.at(kind)) + " " + kind;
  }
  return s + " · " + std::to_string(t.count("fail") ? t.at("fail") : 0) + " fail";
}

// Display width: every code point counts one ("·" is two bytes).
std::size_t width(const std::string& s) {
  std::size_t n = 0;
  for (const char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

std::string rtrim(std::string s) {
  while (!s.empty() && s.back() == ' ') s.pop_back();
  return s;
}

std::string padded(const std::string& s, std::size_t w) { return s + std::string(w > width(s) ? w - width(s) : 0, ' '); }

struct matrix {
  std::vector<std::string> rows;                  // suites in order, "sessions", "total"
  std::vector<std::map<std::string, tally>> cells;  // per implementation: row -> tally
};

matrix build_matrix(const std::vector<test_case>& cases, const std::vector<implementation>& impls) {
  matrix m;
  for (const std::string& s : known_suites()) m.rows.push_back(s);
  for (const test_case& c : cases) {
    if (std::find(m.rows.begin(), m.rows.end(), c.row) == m.rows.end() && c.row != "sessions") m.rows.push_back(c.row);
  }
  m.rows.push_back("sessions");
  m.rows.erase(std::remove_if(m.rows.begin(), m.rows.end(),
                              [&](const std::string& row) {
                                return std::none_of(cases.begin(), cases.end(), [&](const test_case& c) { return c.row == row; });
                              }),
               m.rows.end());
  m.rows.push_back("total");
  for (const implementation& impl : impls) {
    std::map<std::string, tally> t;
    for (std::size_t i = 0; i < cases.size(); ++i) {
      ++t[cases[i].row][impl.outcomes[i].kind];
      ++t["total"][impl.outcomes[i].kind];
    }
    m.cells.push_back(std::move(t));
  }
  return m;
}

std::string describe(const implementation& impl) {
  std::string s = impl.column + ": ";
  if (impl.hello.is_object()) {
    s += impl.hello.value("name", "?") + " " + impl.hello.value("version", "?") + ", profile " + impl.profile();
  } else {
    s += "did not start";
  }
  s += ", gate " + impl.gate + ": " + (impl.gate == "report" ? "reported only" : impl.gate_holds() ? "holds" : "FAILS");
  return s;
}

void print_terminal(const std::vector<test_case>& cases, const std::vector<implementation>& impls, const matrix& m,
                    std::size_t list) {
  for (const implementation& impl : impls) {
    std::printf("%s (%.1f s)\n", describe(impl).c_str(), impl.seconds);
    if (!impl.note.empty()) std::printf("  note: %s\n", impl.note.c_str());
  }
  std::printf("\n");
  std::vector<std::size_t> widths = {5};
  for (const std::string& row : m.rows) widths[0] = std::max(widths[0], width(row));
  for (std::size_t k = 0; k < impls.size(); ++k) {
    std::size_t w = width(impls[k].column);
    for (const std::string& row : m.rows) w = std::max(w, width(cell(m.cells[k].count(row) ? m.cells[k].at(row) : tally{})));
    widths.push_back(w);
  }
  std::string header = padded("suite", widths[0]);
  for (std::size_t k = 0; k < impls.size(); ++k) header += "  " + padded(impls[k].column, widths[k + 1]);
  std::printf("%s\n", rtrim(header).c_str());
  for (const std::string& row : m.rows) {
    std::string line = padded(row, widths[0]);
    for (std::size_t k = 0; k < impls.size(); ++k) {
      line += "  " + padded(cell(m.cells[k].count(row) ? m.cells[k].at(row) : tally{}), widths[k + 1]);
    }
    std::printf("%s\n", rtrim(line).c_str());
  }
  for (const implementation& impl : impls) {
    std::vector<std::size_t> shown;
    for (std::size_t i = 0; i < cases.size(); ++i) {
      if (gated_kind(impl.outcomes[i].kind)) shown.push_back(i);
    }
    if (shown.empty()) continue;
    std::printf("\n%s: %zu fail/crash/timeout/bad-answer%s\n", impl.column.c_str(), shown.size(),
                impl.gate == "report" ? " (reported only)" : "");
    // A dead adapter gives every case the same detail: once is enough.
    std::map<std::string, int> seen;
    std::size_t printed = 0;
    for (const std::size_t i : shown) {
      const outcome& o = impl.outcomes[i];
      if (printed == list || (o.kind != "fail" && ++seen[o.kind + o.detail] > 3)) continue;
      ++printed;
      std::printf("  %s  %s  %s\n", cases[i].id.c_str(), o.kind.c_str(), o.detail.c_str());
      if (o.kind != "fail" && !o.stderr_tail.empty()) {
        std::printf("      stderr: %s\n", one_line(last_lines(o.stderr_tail, 3)).c_str());
      }
    }
    if (shown.size() > printed) std::printf("  ... %zu more in conformance.md\n", shown.size() - printed);
  }
}

std::string md_escape(std::string s) {
  std::string out;
  for (const char c : s) {
    if (c == '|') out += "\\|";
    else if (c == '`') out += "'";
    else out.push_back(c);
  }
  return out;
}

std::string markdown(const std::vector<test_case>& cases, const std::vector<implementation>& impls, const matrix& m,
                     const std::string& vectors) {
  std::string md = "# Conformance\n\n";
  md += "Every case of `" + vectors + "` (" + std::to_string(cases.size()) +
        " cases, recorded sessions included) replayed through each implementation's adapter; the rules are in "
        "conformance/ADAPTER.md.\n\n";
  md += "| column | implementation | profile | command | gate |\n|---|---|---|---|---|\n";
  for (const implementation& impl : impls) {
    md += "| " + md_escape(impl.column) + " | " +
          (impl.hello.is_object() ? md_escape(impl.hello.value("name", "?") + " " + impl.hello.value("version", "?"))
                                  : std::string("did not start")) +
          " | " + impl.profile() + " | `" + md_escape(impl.command) + "` | " + impl.gate + ": " +
          (impl.gate == "report" ? "reported only" : impl.gate_holds() ? "holds" : "**fails**") + " |\n";
  }
  for (const implementation& impl : impls) {
    if (!impl.note.empty()) md += "\nNote on " + md_escape(impl.column) + ": " + md_escape(impl.note) + "\n";
  }
  md += "\n| suite |";
  for (const implementation& impl : impls) md += " " + md_escape(impl.column) + " |";
  md += "\n|---|";
  for (std::size_t k = 0; k < impls.size(); ++k) md += "---|";
  md += "\n";
  for (const std::string& row : m.rows) {
    md += "| " + row + " |";
    for (std::size_t k = 0; k < impls.size(); ++k) md += " " + cell(m.cells[k].count(row) ? m.cells[k].at(row) : tally{}) + " |";
    md += "\n";
  }
  md += "\n## Divergences\n\nEvery outcome other than `pass`, by vector id, with the first difference (expected · actual) "
        "or the reason.\n";
  for (const implementation& impl : impls) {
    md += "\n### " + md_escape(impl.column) + "\n";
    bool any = false;
    for (const std::string& kind : kKinds) {
      if (kind == "pass") continue;
      std::string list;
      std::size_t n = 0;
      for (std::size_t i = 0; i < cases.size(); ++i) {
        const outcome& o = impl.outcomes[i];
        if (o.kind != kind) continue;
        ++n;
        list += "- `" + cases[i].id + "`" + (o.detail.empty() ? "" : ": " + md_escape(one_line(o.detail))) + "\n";
      }
      if (n == 0) continue;
      any = true;
      md += "\n#### " + kind + " (" + std::to_string(n) + ")\n\n" + list;
    }
    if (!any) md += "\nNone: every case passes.\n";
  }
  return md;
}

json report_json(const std::vector<test_case>& cases, const std::vector<implementation>& impls, const matrix& m,
                 const std::string& vectors, double timeout) {
  json out = {{"format", 1}, {"vectors", vectors}, {"cases", cases.size()}, {"timeout_s", timeout}};
  json list = json::array();
  for (std::size_t k = 0; k < impls.size(); ++k) {
    const implementation& impl = impls[k];
    json counts = json::object();
    for (const auto& [row, t] : m.cells[k]) counts[row] = t;
    json outcomes = json::array();
    for (std::size_t i = 0; i < cases.size(); ++i) {
      const outcome& o = impl.outcomes[i];
      json e = {{"id", cases[i].id}, {"suite", cases[i].suite}, {"row", cases[i].row}, {"outcome", o.kind}};
      if (!o.detail.empty()) e["detail"] = o.detail;
      if (!o.actual.is_null()) e["actual"] = o.actual;
      if (!o.stderr_tail.empty()) e["stderr"] = o.stderr_tail;
      outcomes.push_back(std::move(e));
    }
    list.push_back({{"column", impl.column},
                    {"command", impl.command},
                    {"hello", impl.hello},
                    {"gate", impl.gate},
                    {"gate_holds", impl.gate_holds()},
                    {"note", impl.note},
                    {"seconds", impl.seconds},
                    {"counts", std::move(counts)},
                    {"outcomes", std::move(outcomes)}});
  }
  out["implementations"] = std::move(list);
  return out;
}

bool write_file(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  return static_cast<bool>(out);
}

bool valid_column(const std::string& name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
  });
}

int usage_error(const std::string& message) {
  std::fprintf(stderr, "sioc-conformance: %s (see --help)\n", message.c_str());
  return 2;
}

int run(int argc, char** argv) {
  std::string vectors = SIOC_CONFORMANCE_VECTORS;
  std::string out_dir = SIOC_CONFORMANCE_OUT;
  double timeout = 10;
  bool sessions = true;
  std::size_t list = 40;
  std::vector<std::string> only;
  std::map<std::string, std::string> gates;
  std::vector<implementation> impls;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const auto value = [&]() -> std::optional<std::string> {
      if (i + 1 >= argc) return std::nullopt;
      return std::string(argv[++i]);
    };
    if (arg == "-h" || arg == "--help") {
      std::printf(kUsage, SIOC_CONFORMANCE_VECTORS, SIOC_CONFORMANCE_OUT);
      return 0;
    }
    if (arg == "--no-sessions") {
      sessions = false;
      continue;
    }
    if (arg == "--vectors" || arg == "--out" || arg == "--timeout" || arg == "--gate" || arg == "--only" || arg == "--list") {
      const auto v = value();
      if (!v) return usage_error(arg + " needs a value");
      if (arg == "--vectors") vectors = *v;
      if (arg == "--out") out_dir = *v;
      if (arg == "--only") only.push_back(*v);
      if (arg == "--timeout" || arg == "--list") {
        char* end = nullptr;
        const double d = std::strtod(v->c_str(), &end);
        if (end == v->c_str() || *end != '\0' || !(d > 0)) return usage_error(arg + " needs a positive number");
        if (arg == "--timeout") timeout = d;
        if (arg == "--list") list = static_cast<std::size_t>(d);
      }
      if (arg == "--gate") {
        const std::size_t eq = v->find('=');
        const std::string policy = eq == std::string::npos ? "" : v->substr(eq + 1);
        if (eq == std::string::npos || (policy != "no-fail" && policy != "all-pass" && policy != "report")) {
          return usage_error("--gate takes NAME=no-fail|all-pass|report");
        }
        gates[v->substr(0, eq)] = policy;
      }
      continue;
    }
    if (arg.rfind("-", 0) == 0) return usage_error("unknown option " + arg);
    const std::size_t eq = arg.find('=');
    if (eq == std::string::npos || !valid_column(arg.substr(0, eq)) || eq + 1 == arg.size()) {
      return usage_error("an adapter is NAME=COMMAND, NAME of letters, digits, '-', '_', '.': " + arg);
    }
    implementation impl;
    impl.column = arg.substr(0, eq);
    impl.command = arg.substr(eq + 1);
    for (const implementation& other : impls) {
      if (other.column == impl.column) return usage_error("two adapters named " + impl.column);
    }
    impls.push_back(std::move(impl));
  }
  if (impls.empty()) return usage_error("no adapter given");
  for (const auto& [name, policy] : gates) {
    const auto it = std::find_if(impls.begin(), impls.end(), [&](const implementation& m) { return m.column == name; });
    if (it == impls.end()) return usage_error("--gate names no adapter: " + name);
    it->gate = policy;
  }

  std::vector<test_case> cases;
  try {
    cases = load_cases(vectors, sessions);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "sioc-conformance: %s\n", e.what());
    return 2;
  }
  if (!only.empty()) {
    cases.erase(std::remove_if(cases.begin(), cases.end(),
                               [&](const test_case& c) {
                                 return std::none_of(only.begin(), only.end(),
                                                     [&](const std::string& p) { return c.id.rfind(p, 0) == 0; });
                               }),
                cases.end());
    if (cases.empty()) return usage_error("--only leaves no case");
  }

  for (implementation& impl : impls) {
    const auto start = std::chrono::steady_clock::now();
    runner(impl, timeout).run(cases);
    impl.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }

  const matrix m = build_matrix(cases, impls);
  print_terminal(cases, impls, m, list);
  std::error_code ec;
  std::filesystem::create_directories(out_dir, ec);
  const std::filesystem::path dir(out_dir);
  const bool written =
      write_file(dir / "conformance.json",
                 report_json(cases, impls, m, vectors, timeout).dump(1, ' ', false, json::error_handler_t::replace) + "\n") &&
      write_file(dir / "conformance.md", markdown(cases, impls, m, vectors));
  if (!written) {
    std::fprintf(stderr, "sioc-conformance: cannot write the report to %s\n", out_dir.c_str());
    return 2;
  }
  std::printf("\nreport: %s, %s\n", (dir / "conformance.md").c_str(), (dir / "conformance.json").c_str());
  const bool holds = std::all_of(impls.begin(), impls.end(), [](const implementation& impl) { return impl.gate_holds(); });
  return holds ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  // A write to an adapter that has died must be an error, not the runner's end.
  ::signal(SIGPIPE, SIG_IGN);
  return run(argc, argv);
}
