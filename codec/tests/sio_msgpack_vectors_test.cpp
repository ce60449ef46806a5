// Every case of vectors/sio5.msgpack.json (recorded by running
// socket.io-msgpack-parser 3.0.2 on notepack.io 2.2.0; see vectors/FORMAT.md,
// "sio5.msgpack"), replayed through sioc with wire_format::msgpack:
//
//  - decode cases: the frames, in order, through one sio::decoder in both
//    dialects: `reference` (configured as the reference was: no depth limit)
//    must give `expected`, `strict` must give `expected_strict` where present,
//    else `expected`. Each frame also goes through parser::decode(), which must
//    give the decoder's verdict. Packets compare as canonical JSON (binary as
//    {"$bin"}, non-finite numbers as {"$num"}), numbers by exact value.
//  - encode cases: the packet through sio::encode (one behaviour, the strict
//    one): `expected_strict` where present, else `expected`, byte for byte.
//
// Cases sioc does not reproduce are listed in kKnownDifferences with the
// reason; a listed case that starts matching fails, as does an unlisted one
// that does not match.
#include <sioc/sio.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "sio_canonical.hpp"
#include "vector_bytes.hpp"

namespace {

using sioc_test::base64_decode;
using sioc_test::base64_encode;
using sioc_test::canonical;
using sioc_test::from_canonical;
using sioc_test::same;
using sioc_test::bytes_of;
using sioc_test::frame_json;
using sioc_test::read_file;

using nlohmann::json;
using sioc::dialect;
namespace sio = sioc::sio;

// `refused`: sioc reports an error where the expectation has a result (checked);
// `other`: any difference.
enum class kind { refused, other };

struct difference {
  kind how;
  const char* reason;
};

const std::map<std::string, difference> kKnownDifferences = {
    {"sio5.msgpack.decode.uint64-max [reference]",
     {kind::other,
      "notepack.io reads a uint64 as a double, rounding 2^64-1 to 2^64; sioc keeps integers within 64 bits exact in "
      "both dialects, as it does for JSON (the strict expectation)"}},
    {"sio5.msgpack.decode.id-negative [reference]",
     {kind::refused,
      "socket.io-msgpack-parser takes any integer as an ack id; packet::id holds none below 0, so sioc refuses a "
      "negative one in both dialects (the strict expectation)"}},
    {"sio5.msgpack.decode.id-2-53-plus-1 [reference]",
     {kind::refused,
      "notepack.io rounds the ack id 2^53+1 to 2^53; sioc keeps ack ids exact and refuses those above "
      "decode_options::max_ack_id (2^53-1), in both dialects, as for JSON (the strict expectation)"}},
};

// ---- canonical JSON -----------------------------------------------------------------------------

json canonical(const sio::packet& p) {
  json j = {{"type", static_cast<int>(p.type)}, {"nsp", p.nsp}};
  if (p.id) j["id"] = *p.id;
  if (p.data) j["data"] = canonical(*p.data);
  return j;
}

sio::packet packet_of(const json& j) {
  sio::packet p;
  p.type = static_cast<sio::packet_type>(j.at("type").get<int>());
  p.nsp = j.at("nsp").get<std::string>();
  if (j.contains("id")) p.id = j.at("id").get<std::uint64_t>();
  if (j.contains("data")) p.data = from_canonical(j.at("data"));
  return p;
}

// ---- running a case -----------------------------------------------------------------------------

sio::decode_options options_of(dialect mode) {
  sio::decode_options o;
  o.format = sio::wire_format::msgpack;
  o.mode = mode;
  // The reference dialect is configured as the reference was: no depth limit.
  if (mode == dialect::reference) o.max_depth = SIZE_MAX;
  return o;
}

// Also checks that parser::decode() gives each frame the decoder's verdict.
json decode_case(const json& c, const sio::decode_options& opts, const std::string& key) {
  sio::decoder d(opts);
  sio::parser parser(opts);
  json packets = json::array();
  bool error = false;
  for (const json& f : c.at("input").at("frames")) {
    const std::string bytes = bytes_of(f);
    const bool binary = f.at("t") == "bin";
    const auto r = d.feed(bytes, binary);
    if (binary) {
      const auto p = parser.decode(bytes);
      EXPECT_EQ(p.has_value(), r.has_value()) << key << ": parser::decode() and decoder::feed() disagree";
      if (p && r) {
        EXPECT_TRUE(r->has_value()) << key << ": the msgpack decoder never waits";
        if (r->has_value()) {
          EXPECT_EQ(*p, **r) << key;
        }
      } else if (!p && !r) {
        EXPECT_EQ(p.code(), r.code()) << key;
        EXPECT_EQ(p.error_info().offset, r.error_info().offset) << key;
      }
    }
    if (!r) {
      EXPECT_LE(r.error_info().offset, bytes.size()) << key << ": " << r.error_info().describe();
      error = true;
      break;
    }
    if (r->has_value()) packets.push_back(canonical(**r));
  }
  const bool incomplete = !error && d.current_state() == sio::decoder::state::awaiting_attachments;
  return {{"packets", packets}, {"error", error}, {"incomplete", incomplete}};
}

json encode_case(const json& c) {
  const sio::packet p = packet_of(c.at("input").at("packets").at(0));
  std::string frame;
  std::vector<std::string_view> attachments;
  sio::encode_options o;
  o.format = sio::wire_format::msgpack;
  const auto r = sio::encode(p, frame, attachments, o);
  if (!r) return {{"error", true}};
  EXPECT_EQ(*r, 0U);
  EXPECT_TRUE(attachments.empty());
  return {{"frames", json::array({frame_json(frame, true)})}};
}

json normalized(json expected) {
  if (expected.contains("frames")) {
    for (json& f : expected["frames"]) f = frame_json(bytes_of(f), f.at("t") == "bin");
  }
  return expected;
}

TEST(SocketIoMsgpackVectors, Sio5Msgpack) {
  const std::string path = std::string(SIOC_SOURCE_DIR) + "/vectors/sio5.msgpack.json";
  const json file = json::parse(read_file(path), nullptr, false);
  ASSERT_FALSE(file.is_discarded()) << "cannot read " << path;
  ASSERT_EQ(file.at("suite"), "sio5.msgpack");
  int cases = 0, decode = 0, encode = 0, checks = 0, known = 0;
  std::map<std::string, bool> seen_known;
  for (const json& c : file.at("cases")) {
    const std::string id = c.at("id").get<std::string>();
    const bool is_encode = c.at("direction") == "encode";
    ++cases;
    ++(is_encode ? encode : decode);
    for (const dialect mode : {dialect::reference, dialect::strict}) {
      if (is_encode && mode == dialect::reference) continue;  // the encoder has one behaviour
      const json& expected =
          mode == dialect::strict && c.contains("expected_strict") ? c.at("expected_strict") : c.at("expected");
      const std::string key = id + (mode == dialect::strict ? " [strict]" : " [reference]");
      const json actual = is_encode ? encode_case(c) : decode_case(c, options_of(mode), key);
      const json want = normalized(expected);
      ++checks;
      const auto listed = kKnownDifferences.find(key);
      if (listed == kKnownDifferences.end()) {
        EXPECT_TRUE(same(actual, want)) << key << "\n  input:    " << c.at("input").dump()
                                        << "\n  expected: " << want.dump() << "\n  actual:   " << actual.dump();
        continue;
      }
      ++known;
      seen_known[key] = true;
      EXPECT_FALSE(same(actual, want)) << key << " is listed as a known difference but now matches: remove it";
      if (listed->second.how == kind::refused) {
        EXPECT_TRUE(actual.value("error", false)) << key << ": listed as refused, but sioc gives " << actual.dump();
      }
    }
  }
  for (const auto& [key, d] : kKnownDifferences) {
    if (!seen_known.count(key)) ADD_FAILURE() << key << " is listed but no such case exists";
  }
  EXPECT_EQ(cases, 90);
  std::printf("sio5.msgpack: %d cases (%d decode, %d encode), %d checks, %d known differences\n", cases, decode,
              encode, checks, known);
}

}  // namespace
