// Engine.IO v4.1: WebTransport stream framing.
#include "detail.hpp"

#include <algorithm>
#include <utility>

namespace sioc::eio {
namespace {

constexpr unsigned kBinaryBit = 0x80;
constexpr unsigned kLength16 = 126;
constexpr unsigned kLength64 = 127;
// The reference keeps lengths in JavaScript numbers and refuses what they cannot hold exactly.
constexpr std::uint64_t kMaxSafeLength = (std::uint64_t{1} << 53) - 1;

constexpr std::string_view kBom = "\xEF\xBB\xBF";

error too_large(std::size_t offset) noexcept {
  return detail::make_error(errc::payload_too_large, offset,
                            "WebTransport frame is larger than decode_options::max_payload_bytes");
}

}  // namespace

void encode_webtransport_frame(const packet& p, std::string& out) {
  if (p.binary && p.data.empty()) {
    // A zero length is refused by every decoder (the reference encoder writes
    // exactly that, 0x80, and its own decoder rejects it); "b" with no base64
    // is the text form of the same empty binary message.
    out.append("\x01" "b");
    return;
  }
  const std::size_t n = encoded_size(p);
  const unsigned char flag = p.binary ? kBinaryBit : 0;
  if (n < kLength16) {
    out.reserve(out.size() + 1 + n);
    out.push_back(static_cast<char>(flag | n));
  } else if (n <= 0xFFFF) {
    out.reserve(out.size() + 3 + n);
    out.push_back(static_cast<char>(flag | kLength16));
    out.push_back(static_cast<char>(n >> 8));
    out.push_back(static_cast<char>(n & 0xFF));
  } else {
    out.reserve(out.size() + 9 + n);
    out.push_back(static_cast<char>(flag | kLength64));
    const auto wide = static_cast<std::uint64_t>(n);
    for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<char>((wide >> shift) & 0xFF));
  }
  encode_packet(p, out);
}

void webtransport_decoder::reset() noexcept {
  state_ = state::header;
  binary_ = false;
  header_have_ = 0;
  length_ = 0;
  consumed_ = 0;
  frame_start_ = 0;
  packet_start_ = 0;
  error_ = {};
  partial_ = {};
  ready_ = {};
  scratch_ = {};
  base64_.clear();
}

error webtransport_decoder::begin_payload(std::uint64_t at) noexcept {
  packet_start_ = at;
  state_ = state::payload;
  const auto frame = static_cast<std::size_t>(frame_start_);
  if (length_ == 0) return detail::make_error(errc::zero_length, frame, "WebTransport frame declares a zero length");
  if (length_ > kMaxSafeLength) {
    return detail::make_error(errc::payload_too_large, frame, "WebTransport frame length is above 2^53 - 1");
  }
  if (length_ > opts_.max_payload_bytes) return too_large(frame);
  return {};
}

error webtransport_decoder::read_header(std::string_view chunk, std::size_t& pos) noexcept {
  frame_start_ = consumed_ + pos;
  const auto b = static_cast<unsigned char>(chunk[pos++]);
  binary_ = (b & kBinaryBit) != 0;
  length_ = b & 0x7F;
  if (length_ < kLength16) return begin_payload(consumed_ + pos);
  state_ = length_ == kLength16 ? state::length16 : state::length64;
  // The reference compares the marker itself (126 or 127) with maxPayload
  // before it reads the real length.
  if (opts_.mode == dialect::reference && length_ > opts_.max_payload_bytes) {
    return too_large(static_cast<std::size_t>(frame_start_));
  }
  length_ = 0;
  header_have_ = 0;
  return {};
}

error webtransport_decoder::read_length(std::string_view chunk, std::size_t& pos) noexcept {
  const std::uint8_t need = state_ == state::length16 ? 2 : 8;
  while (header_have_ < need && pos < chunk.size()) {
    length_ = (length_ << 8) | static_cast<unsigned char>(chunk[pos++]);
    ++header_have_;
  }
  if (header_have_ < need) return {};
  header_have_ = 0;
  return begin_payload(consumed_ + pos);
}

error webtransport_decoder::read_payload(std::string_view chunk, std::size_t& pos, std::vector<packet>& out) noexcept {
  const auto length = static_cast<std::size_t>(length_);  // begin_payload checked it
  const std::size_t avail = chunk.size() - pos;
  if (partial_.empty() && avail >= length) {
    const std::string_view payload = chunk.substr(pos, length);
    pos += length;
    state_ = state::header;
    return deliver(payload, out);
  }
  // Split payload: keep only what has arrived. Capacity grows geometrically
  // with the bytes received and never beyond the declared length.
  const std::size_t take = std::min(length - partial_.size(), avail);
  const std::size_t want = partial_.size() + take;
  if (want > partial_.capacity()) partial_.reserve(std::min(length, std::max(want, 2 * partial_.capacity())));
  partial_.insert(partial_.end(), chunk.data() + pos, chunk.data() + pos + take);
  pos += take;
  if (partial_.size() < length) return {};
  ready_ = std::move(partial_);
  partial_ = {};
  state_ = state::header;
  return deliver(std::string_view(ready_.data(), ready_.size()), out);
}

error webtransport_decoder::deliver(std::string_view payload, std::vector<packet>& out) noexcept {
  if (binary_) {
    out.push_back(packet::bytes(payload));
    return {};
  }
  std::size_t skip = 0;
  // The reference reads text payloads through TextDecoder, which drops one leading BOM.
  if (opts_.mode == dialect::reference && payload.substr(0, kBom.size()) == kBom) skip = kBom.size();
  auto r = decode_packet(payload.substr(skip), scratch_, opts_);
  if (!r) {
    error err = r.error_info();
    err.offset += static_cast<std::size_t>(packet_start_) + skip;
    return err;
  }
  packet p = *r;
  if (p.binary) {
    // The bytes live in scratch_, which the next "b..." payload would overwrite:
    // give them a home of their own for as long as this feed's output lives.
    const auto at = static_cast<std::size_t>(p.data.data() - scratch_.data());
    base64_.push_front(std::move(scratch_));
    scratch_ = {};
    p.data = std::string_view(base64_.front()).substr(at, p.data.size());
  }
  out.push_back(p);
  return {};
}

result<std::size_t> webtransport_decoder::feed(std::string_view chunk, std::vector<packet>& out) noexcept {
  // The previous call's output is no longer viewed.
  ready_ = {};
  base64_.clear();
  if (state_ == state::failed) return error_;

  const std::size_t before = out.size();
  std::size_t pos = 0;
  error err{};
  while (pos < chunk.size() && err.code == errc::ok) {
    if (state_ == state::header) {
      err = read_header(chunk, pos);
    } else if (state_ == state::payload) {
      err = read_payload(chunk, pos, out);
    } else {
      err = read_length(chunk, pos);
    }
  }
  consumed_ += pos;
  if (err.code != errc::ok) {
    error_ = err;
    state_ = state::failed;
    partial_ = {};  // nothing more will be read, so nothing more is kept
    return err;
  }
  return out.size() - before;
}

}  // namespace sioc::eio
