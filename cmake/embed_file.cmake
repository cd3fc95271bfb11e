# Turns a text file into a C++ source defining `std::string_view NAME`, so schema files ship inside the binary.
# Usage: cmake -DINPUT=f.json -DOUTPUT=f.cpp -DSYMBOL=name -P embed_file.cmake
file(READ "${INPUT}" content HEX)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${content}")
file(WRITE "${OUTPUT}.tmp"
  "// Generated from ${INPUT}; do not edit.\n#include <string_view>\n"
  "namespace ctsh::embedded {\nstatic const unsigned char ${SYMBOL}_bytes[] = {${bytes} 0};\n"
  "extern const std::string_view ${SYMBOL}{reinterpret_cast<const char*>(${SYMBOL}_bytes), sizeof(${SYMBOL}_bytes) - 1};\n}\n")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUTPUT}.tmp")
