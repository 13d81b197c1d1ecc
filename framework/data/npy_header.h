// The header dictionary of a NumPy .npy file: the Python literal that follows the magic bytes,
// version and header length, e.g.
//
//   {'descr': '<f4', 'fortran_order': False, 'shape': (60000, 28, 28), }
//
// NumPy writes it with repr(), padded with spaces and ended by '\n'. This parser takes exactly the
// literals such a dictionary holds: single- or double-quoted strings, True/False, and tuples of
// non-negative integers; the three keys 'descr', 'fortran_order' and 'shape', each once, in any
// order, and no other. A list as 'descr' (a structured dtype) is refused by name.
//
// It parses the dictionary only; what the dtype string means is decided by framework/data/npy.h.
// (xtensor's xnpy.hpp has a header reader too, but it reads the header length through signed
// chars, reports no truncation, and takes the dtype as a template argument; see npy.h.)
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace dendrite {

struct NpyHeaderDict {
  std::string descr;                // the dtype string, e.g. "<f4", "|u1", "|O"
  bool fortran_order = false;
  std::vector<std::int64_t> shape;  // () for a scalar
};

// Throws Error "<where>: the header ... " naming what does not parse and the character offset in
// the header text.
NpyHeaderDict parse_npy_header_dict(std::string_view text, const std::string& where);

}  // namespace dendrite
