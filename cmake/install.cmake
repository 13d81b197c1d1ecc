# What `cmake --install build --prefix P` puts where (P = /usr in the Debian package):
#
#   P/bin/dendrite                            the tool (RUNPATH $ORIGIN/../lib/dendrite)
#   P/lib/libdendrite.so.<major.minor>        the public C++ API (dendrite::dendrite); needs only
#                                             Debian runtime libraries (oneDNN, ONNX, protobuf, fmt, gomp)
#   P/lib/dendrite/libdendrite_ort_plugin.so  the ONNX Runtime custom-op library (dendrite::ort_plugin)
#   P/lib/dendrite/libonnxruntime.so.1        ONNX Runtime, which Debian 12 lacks (dendrite::onnxruntime)
#   P/include/dendrite/*.h                    the API's headers (dendrite/dendrite.h includes them all)
#   P/include/dendrite/onnxruntime/           ONNX Runtime's C and C++ API headers, for deployment code
#   P/lib/cmake/dendrite/                     dendrite-config.cmake, its version file, the targets
#   P/lib/python3/dist-packages/dendrite/     the Python package (framework/python/CMakeLists.txt;
#                                             Debian's site folder for /usr), its plugin_path() is
#                                             P/lib/dendrite/libdendrite_ort_plugin.so; its
#                                             dendrite.report is the body of `dendrite report`
#   P/share/doc/dendrite/                     ONNX Runtime's copyright notice
#
# Every path is relative to P, so an installed tree can be moved as a whole.
include(CMakePackageConfigHelpers)

set(DENDRITE_INSTALL_PRIVATE_LIBDIR "${CMAKE_INSTALL_LIBDIR}/dendrite")
set(DENDRITE_INSTALL_CMAKEDIR "${CMAKE_INSTALL_LIBDIR}/cmake/dendrite")
set(DENDRITE_INSTALL_ORT_INCLUDEDIR "${CMAKE_INSTALL_INCLUDEDIR}/dendrite/onnxruntime")

# The tool finds ONNX Runtime beside the plugin, relative to itself.
file(RELATIVE_PATH _dendrite_bin_to_private "/${CMAKE_INSTALL_BINDIR}" "/${DENDRITE_INSTALL_PRIVATE_LIBDIR}")
set_target_properties(dendrite PROPERTIES INSTALL_RPATH "$ORIGIN/${_dendrite_bin_to_private}")
install(TARGETS dendrite RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

install(TARGETS dendrite_shared EXPORT dendrite-targets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/framework/api/include/dendrite DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
  FILES_MATCHING PATTERN "*.h")

# export/runtime/CMakeLists.txt: an installed tool looks for the plugin here.
install(TARGETS dendrite_ort_plugin LIBRARY DESTINATION ${DENDRITE_INSTALL_PRIVATE_LIBDIR})
install(FILES ${DENDRITE_ORT_LIBRARY} DESTINATION ${DENDRITE_INSTALL_PRIVATE_LIBDIR})
install(DIRECTORY ${DENDRITE_ORT_INCLUDE_DIR}/ DESTINATION ${DENDRITE_INSTALL_ORT_INCLUDEDIR})
# The headers come from Debian's libonnxruntime-dev package (third_party/setup.sh), whose copyright
# file covers ONNX Runtime (MIT) and its bundled third-party code.
set(_dendrite_ort_copyright "${DENDRITE_DEPS_DIR}/apt-trixie/x/usr/share/doc/libonnxruntime-dev/copyright")
if(EXISTS "${_dendrite_ort_copyright}")
  install(FILES "${_dendrite_ort_copyright}" DESTINATION ${CMAKE_INSTALL_DOCDIR} RENAME onnxruntime-copyright)
else()
  message(WARNING "ONNX Runtime's copyright file is missing (${_dendrite_ort_copyright}): run third_party/setup.sh; "
                  "the installed tree and the package will lack it")
endif()

install(EXPORT dendrite-targets NAMESPACE dendrite:: DESTINATION ${DENDRITE_INSTALL_CMAKEDIR}
  FILE dendrite-targets.cmake)
set(DENDRITE_INSTALL_PLUGIN "${DENDRITE_INSTALL_PRIVATE_LIBDIR}/libdendrite_ort_plugin.so")
set(DENDRITE_INSTALL_ORT_LIBRARY "${DENDRITE_INSTALL_PRIVATE_LIBDIR}/libonnxruntime.so.1")
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/dendrite-config.cmake.in
  ${PROJECT_BINARY_DIR}/dendrite-config.cmake
  INSTALL_DESTINATION ${DENDRITE_INSTALL_CMAKEDIR}
  PATH_VARS DENDRITE_INSTALL_PLUGIN DENDRITE_INSTALL_ORT_LIBRARY DENDRITE_INSTALL_ORT_INCLUDEDIR)
# 0.x: a minor version may change the API, so only the same major.minor satisfies a request.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/dendrite-config-version.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/dendrite-config.cmake ${PROJECT_BINARY_DIR}/dendrite-config-version.cmake
  DESTINATION ${DENDRITE_INSTALL_CMAKEDIR})
