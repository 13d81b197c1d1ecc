// The ONNX Runtime C++ API as the plugin sees it: headers only, the API table set by
// RegisterCustomOps (see NOTE [ORT_API_MANUAL_INIT] in CMakeLists.txt, which defines the macro
// for every plugin source; the check below catches a source built without it).
#pragma once

#ifndef ORT_API_MANUAL_INIT
#error "plugin sources must be compiled with ORT_API_MANUAL_INIT (see export/plugin/CMakeLists.txt)"
#endif

#include <onnxruntime_cxx_api.h>
