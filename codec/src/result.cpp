#include <sioc/result.hpp>

#include <cstdio>
#include <cstdlib>
#include <stdexcept>

namespace sioc {

const char* to_string(errc code) noexcept {
  switch (code) {
    case errc::ok: return "ok";
    case errc::empty_packet: return "empty_packet";
    case errc::unknown_packet_type: return "unknown_packet_type";
    case errc::invalid_base64: return "invalid_base64";
    case errc::invalid_utf8: return "invalid_utf8";
    case errc::invalid_length: return "invalid_length";
    case errc::length_mismatch: return "length_mismatch";
    case errc::truncated: return "truncated";
    case errc::zero_length: return "zero_length";
    case errc::invalid_json: return "invalid_json";
    case errc::invalid_handshake: return "invalid_handshake";
    case errc::invalid_attachment_count: return "invalid_attachment_count";
    case errc::invalid_namespace: return "invalid_namespace";
    case errc::invalid_ack_id: return "invalid_ack_id";
    case errc::invalid_payload: return "invalid_payload";
    case errc::invalid_placeholder: return "invalid_placeholder";
    case errc::unexpected_binary: return "unexpected_binary";
    case errc::unexpected_text: return "unexpected_text";
    case errc::invalid_packet: return "invalid_packet";
    case errc::too_many_attachments: return "too_many_attachments";
    case errc::payload_too_large: return "payload_too_large";
    case errc::too_many_packets: return "too_many_packets";
    case errc::too_deep: return "too_deep";
  }
  return "unknown_error";
}

std::string error::describe() const {
  std::string s = to_string(code);
  s += " at byte ";
  s += std::to_string(offset);
  s += ": ";
  s += message;
  return s;
}

void bad_result_access(const error& err) {
#if defined(__cpp_exceptions) || defined(__EXCEPTIONS)
  throw std::logic_error("sioc: value() called on a failed result: " + err.describe());
#else
  std::fprintf(stderr, "sioc: value() called on a failed result: %s\n", err.describe().c_str());
  std::abort();
#endif
}

}  // namespace sioc
