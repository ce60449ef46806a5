// sioc: reads and writes Engine.IO and Socket.IO frames from the command line.
#include "cli.hpp"

#include <exception>
#include <initializer_list>
#include <iostream>
#include <optional>

#ifndef SIOC_VERSION
#define SIOC_VERSION "unknown"
#endif

namespace sioc_cli {
namespace {

enum class command { decode, encode };

int usage(const std::string& message, const std::string& cmd) {
  std::cerr << "sioc: " << message << "\nTry 'sioc " << (cmd.empty() ? "" : cmd + " ") << "--help'.\n";
  return exit_usage;
}

// The value of --eio, --sio or --dialect, checked against its choices.
bool choose(const std::string& value, std::initializer_list<const char*> choices) {
  for (const char* c : choices) {
    if (value == c) return true;
  }
  return false;
}

// Fills `opts` from the arguments after the command. Returns an exit status
// when there is nothing to run (--help, or a usage error).
std::optional<int> parse_options(command cmd, const std::vector<std::string>& args, options& opts) {
  const bool decode = cmd == command::decode;
  const std::string name = decode ? "decode" : "encode";
  bool items_only = false;
  bool framing_given = false;  // what a session file decides itself
  bool format_given = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (items_only || arg.size() < 2 || arg[0] != '-') {
      opts.items.push_back(arg);
      continue;
    }
    if (arg == "--") {
      items_only = true;
      continue;
    }
    if (arg == "-h" || arg == "--help") {
      std::cout << (decode ? decode_help : encode_help);
      return exit_ok;
    }
    std::string key = arg;
    std::string value;
    bool has_value = false;
    if (const std::size_t eq = arg.find('='); arg.rfind("--", 0) == 0 && eq != std::string::npos) {
      key = arg.substr(0, eq);
      value = arg.substr(eq + 1);
      has_value = true;
    }
    const bool takes_value = key == "--eio" || key == "--sio" || key == "--dialect" || (decode && key == "--session");
    if (takes_value && !has_value) {
      if (i + 1 == args.size()) return usage("option " + key + " needs a value", name);
      value = args[++i];
    } else if (!takes_value && has_value) {
      return usage("option " + key + " takes no value", name);
    }
    if (decode && key == "--text") {
      opts.format = input_format::text;
      format_given = true;
    } else if (key == "--hex" || key == "--base64") {
      opts.format = key == "--hex" ? input_format::hex : input_format::base64;
      format_given = true;
    } else if (key == "--binary" || key == "--polling") {
      (key == "--binary" ? opts.binary : opts.polling) = true;
      framing_given = true;
    } else if (key == "--json") {
      opts.json = true;
    } else if (decode && key == "--eio-only") {
      opts.eio_only = true;
    } else if (decode && key == "--msgpack") {
      opts.msgpack = true;
    } else if (key == "--eio") {
      if (!choose(value, {"3", "4"})) return usage("--eio takes 3 or 4", name);
      opts.eio = value == "3" ? 3 : 4;
      framing_given = true;
    } else if (key == "--sio") {
      if (!choose(value, {"4", "5"})) return usage("--sio takes 4 or 5", name);
      opts.sio = value == "4" ? 4 : 5;
      framing_given = true;
    } else if (decode && key == "--dialect") {
      if (!choose(value, {"strict", "reference"})) return usage("--dialect takes strict or reference", name);
      opts.mode = value == "strict" ? sioc::dialect::strict : sioc::dialect::reference;
    } else if (decode && key == "--session") {
      opts.session = value;
    } else {
      return usage("unknown option " + arg, name);
    }
  }
  if (!opts.session.empty() && (!opts.items.empty() || framing_given || format_given)) {
    return usage("--session takes the frames, their kind and the protocol versions from the file", name);
  }
  if (!decode && opts.binary && !(opts.polling && opts.eio == 3)) {
    return usage("encode --binary writes Engine.IO v3 binary polling bodies: it needs --polling --eio 3", name);
  }
  if (opts.sio == 0) opts.sio = opts.eio == 3 ? 4 : 5;
  return std::nullopt;
}

int run(const std::vector<std::string>& args) {
  if (args.empty()) return usage("a command is expected: decode or encode", "");
  const std::string& first = args[0];
  if (first == "-h" || first == "--help" || first == "help") {
    std::cout << main_help;
    return exit_ok;
  }
  if (first == "--version") {
    std::cout << "sioc " << SIOC_VERSION << '\n';
    return exit_ok;
  }
  if (first != "decode" && first != "encode") return usage("unknown command " + first, "");
  const command cmd = first == "decode" ? command::decode : command::encode;
  options opts;
  if (auto status = parse_options(cmd, std::vector<std::string>(args.begin() + 1, args.end()), opts)) return *status;
  return cmd == command::decode ? run_decode(opts) : run_encode(opts);
}

}  // namespace
}  // namespace sioc_cli

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  try {
    return sioc_cli::run(std::vector<std::string>(argv + 1, argv + argc));
  } catch (const std::exception& e) {
    // Out of memory, or a bug: wire input itself never throws.
    std::cout.flush();
    std::cerr << "sioc: " << e.what() << '\n';
    return sioc_cli::exit_failed;
  }
}
