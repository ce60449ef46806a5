// The stateful Socket.IO decoder: text frames through the parser, binary
// packets held until their attachments arrive. The states and their
// transitions are in sio.hpp; feed() is the only place that changes them.
#include <sioc/sio.hpp>

#include <cmath>
#include <utility>

namespace sioc::sio {
namespace {

// What socket.io-parser's reconstructPacket makes of one value.
enum class slot { data, attachment, undefined, invalid };

// An object is a placeholder when its "_placeholder" member is true; its num
// must then be a number in [0, count), and a fractional one picks no
// attachment (buffers[0.5] is undefined). Strict packets reach this with
// exact placeholders only, which all resolve to an attachment.
slot classify(const json& v, std::size_t count, std::size_t& index) noexcept {
  if (!v.is_object()) return slot::data;
  const auto flag = v.find("_placeholder");
  if (flag == v.end() || !flag->is_boolean() || !flag->get<bool>()) return slot::data;
  const auto num = v.find("num");
  if (num == v.end()) return slot::invalid;
  if (num->is_number_unsigned()) {
    const auto n = num->get<std::uint64_t>();
    if (n >= count) return slot::invalid;
    index = static_cast<std::size_t>(n);
    return slot::attachment;
  }
  if (num->is_number_integer()) return slot::invalid;  // negative
  if (!num->is_number_float()) return slot::invalid;
  const double d = num->get<double>();
  if (!(d >= 0) || d >= static_cast<double>(count)) return slot::invalid;
  if (std::floor(d) != d) return slot::undefined;
  index = static_cast<std::size_t>(d);
  return slot::attachment;
}

// Keeps at most this many placeholder objects for the next packet: enough for
// any usual packet, and an idle decoder holds little.
constexpr std::size_t kSparePlaceholders = 16;

// Replaces placeholders with attachments (binary json values), depth-first with
// an explicit stack. An attachment's first use swaps it in, and the placeholder
// object it replaces goes to `spares`; later uses copy its bytes and count
// towards `budget`, so that repeated placeholders cannot multiply memory.
error resolve(json& data, std::vector<json>& attachments, std::size_t budget, detail::sio_spare_values& spares,
              std::vector<const json::binary_t*>& placed, std::vector<json*>& stack) {
  const error invalid{errc::invalid_placeholder, 0, "placeholder num is not the index of an attachment"};
  const error too_large{errc::payload_too_large, 0,
                        "attachments, counted once per placeholder, exceed decode_options::max_attachment_bytes"};
  placed.assign(attachments.size(), nullptr);
  std::size_t used = 0;
  for (const auto& a : attachments) used += a.get_binary().size();
  // Fills `v` with attachment i; false when a copy would exceed the budget.
  const auto place = [&](json& v, std::size_t i) {
    if (placed[i] == nullptr) {
      v.swap(attachments[i]);
      if (spares.placeholders.size() < kSparePlaceholders) spares.placeholders.push_back(std::move(attachments[i]));
    } else {
      if (placed[i]->size() > budget - used) return false;
      used += placed[i]->size();
      v = json::binary(*placed[i]);
    }
    placed[i] = &v.get_binary();
    return true;
  };
  stack.assign(1, &data);
  while (!stack.empty()) {
    json& node = *stack.back();
    stack.pop_back();
    std::size_t i = 0;
    if (node.is_array()) {
      for (json& child : node) {
        switch (classify(child, attachments.size(), i)) {
          case slot::attachment:
            if (!place(child, i)) return too_large;
            break;
          case slot::undefined: child = nullptr; break;  // JSON.stringify writes undefined as null here
          case slot::invalid: return invalid;
          case slot::data:
            if (child.is_structured()) stack.push_back(&child);
        }
      }
    } else if (node.is_object()) {
      for (auto it = node.begin(); it != node.end();) {
        switch (classify(*it, attachments.size(), i)) {
          case slot::attachment:
            if (!place(*it, i)) return too_large;
            break;
          case slot::undefined: it = node.erase(it); continue;  // and drops it here
          case slot::invalid: return invalid;
          case slot::data:
            if (it->is_structured()) stack.push_back(&*it);
        }
        ++it;
      }
    }
  }
  return {};
}

// socket.io-parser 3.4.3's answer to an unknown type: Number() of the first
// UTF-16 unit, which is a digit or NaN here (whitespace reads as type 0).
packet parser_error(std::string_view frame) {
  packet p;
  p.type = packet_type::connect_error;
  p.nsp.clear();
  std::string message = "parser error: unknown packet type ";
  if (!frame.empty() && frame[0] >= '0' && frame[0] <= '9') {
    message.push_back(frame[0]);
  } else {
    message.append("NaN");
  }
  p.data = std::move(message);
  return p;
}

// Empties `v`, keeping its capacity only up to `limit` elements, so that one
// large packet does not leave its scratch behind.
template <class T>
void trim(std::vector<T>& v, std::size_t limit) noexcept {
  v.clear();
  if (v.capacity() > limit) std::vector<T>().swap(v);
}

}  // namespace

decoder::decoder(const decode_options& opts) : parser_(opts) {}

std::size_t decoder::attachments_pending() const noexcept {
  if (state_ != state::awaiting_attachments) return 0;
  if (expected_ == packet_view::endless) return packet_view::endless;
  return expected_ - attachments_.size();
}

void decoder::reset() noexcept {
  state_ = state::idle;
  error_ = {};
  pending_ = packet{};
  expected_ = 0;
  held_bytes_ = 0;
  std::vector<json>().swap(attachments_);
  spares_ = {};
  std::vector<const json::binary_t*>().swap(placed_);
  std::vector<json*>().swap(walk_);
}

result<std::optional<packet>> decoder::feed(std::string_view data, bool binary) noexcept {
  packet p;
  const result<bool> done = feed(data, binary, p);
  if (!done) return done.error_info();
  if (!*done) return std::optional<packet>();
  return std::optional<packet>(std::move(p));
}

result<bool> decoder::feed(std::string_view data, bool binary, packet& out) noexcept {
  const decode_options& opts = parser_.options();
  const auto fail = [this](error e) {
    state_ = state::failed;
    error_ = e;
    pending_ = packet{};
    std::vector<json>().swap(attachments_);
    spares_ = {};
    return e;
  };
  switch (state_) {
    case state::failed: return error_;

    case state::idle: {
      if (opts.format == wire_format::msgpack) {
        // One binary frame, one whole packet: the decoder never waits.
        if (!binary) {
          return fail({errc::unexpected_text, 0, "text frame: the msgpack format sends every packet as a binary frame"});
        }
        result<packet> p = parser_.decode(data);
        if (!p) return fail(p.error_info());
        out = std::move(*p);
        return true;
      }
      if (binary) return fail({errc::unexpected_binary, 0, "binary frame with no binary packet waiting for it"});
      const result<std::size_t> declared = parser_.decode(data, out, &spares_);
      // Binary values of `out` that this frame overwrote wait for its attachments; they go
      // when it has none to wait for (those of the last attachment go below).
      const auto drop_spares = [this] { trim(spares_.binaries, kSparePlaceholders); };
      const bool reference_v4 = opts.mode == dialect::reference && opts.version == protocol::v4;
      if (!declared && declared.code() == errc::unknown_packet_type && reference_v4) {
        out = parser_error(data);
        return true;
      }
      if (!declared) return fail(declared.error_info());
      if (out.type != packet_type::binary_event && out.type != packet_type::binary_ack) {
        drop_spares();
        return true;
      }
      if (!reference_v4) out.type = out.type == packet_type::binary_event ? packet_type::event : packet_type::ack;
      const std::size_t count = *declared;
      // Counts only v4 allows. socket.io-parser 3.4.3 delivers a packet with
      // none at once, and then, as after a fractional count, waits for ever.
      if (count == packet_view::endless || (count == 0 && opts.mode == dialect::reference)) {
        state_ = state::awaiting_attachments;
        expected_ = packet_view::endless;
      }
      if (count == 0 || count == packet_view::endless) drop_spares();
      if (count == 0) return true;
      if (count == packet_view::endless) return false;
      // The packet waits in pending_ (empty while idle) and comes back to out,
      // whose memory it reused, with its attachments.
      std::swap(pending_, out);
      expected_ = count;
      held_bytes_ = 0;
      attachments_.clear();  // never reserved from the declared count
      state_ = state::awaiting_attachments;
      return false;
    }

    case state::awaiting_attachments: {
      if (!binary) return fail({errc::unexpected_text, 0, "text frame while attachments are still expected"});
      if (expected_ == packet_view::endless) return false;  // swallowed, as the reference does
      if (data.size() > opts.max_attachment_bytes - held_bytes_) {
        return fail({errc::payload_too_large, opts.max_attachment_bytes - held_bytes_,
                     "attachments exceed decode_options::max_attachment_bytes"});
      }
      // From byte pointers, so that the copy is one memcpy, not a loop over chars;
      // into a spare binary value's buffer when there is one.
      const auto* bytes = reinterpret_cast<const std::uint8_t*>(data.data());
      if (spares_.binaries.empty()) {
        attachments_.push_back(json::binary(json::binary_t::container_type(bytes, bytes + data.size())));
      } else {
        attachments_.push_back(std::move(spares_.binaries.back()));
        spares_.binaries.pop_back();
        json::binary_t& b = attachments_.back().get_binary();
        b.assign(bytes, bytes + data.size());
        b.clear_subtype();
      }
      held_bytes_ += data.size();
      if (attachments_.size() < expected_) return false;
      if (pending_.data) {
        if (const error e = resolve(*pending_.data, attachments_, opts.max_attachment_bytes, spares_, placed_, walk_);
            e.code != errc::ok) {
          return fail(e);
        }
      }
      // pending_ gets back what it held before the packet: nothing, so an idle
      // decoder keeps no packet's memory but its scratch and a few placeholders.
      std::swap(pending_, out);
      trim(attachments_, kSparePlaceholders);
      trim(spares_.binaries, kSparePlaceholders);
      trim(placed_, kSparePlaceholders);
      trim(walk_, kSparePlaceholders);
      held_bytes_ = 0;
      expected_ = 0;
      state_ = state::idle;
      return true;
    }
  }
  return error_;
}

}  // namespace sioc::sio
