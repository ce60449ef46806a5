// Must not compile: the views parse() returns would point into a string that
// dies at the end of the statement. Built with -DSIOC_CONTROL, the same code
// with a named string must compile, so the failure is the deleted overload's.
#include <sioc/sio.hpp>

#include <string>

int main() {
  sioc::sio::parser parser;
#ifdef SIOC_CONTROL
  const std::string frame = "2[\"chat\"]";
  auto view = parser.parse(frame);
#else
  auto view = parser.parse(std::string("2[\"chat\"]"));
#endif
  return view ? 0 : 1;
}
