# cpack -G DEB (or `cmake --build build --target package`): the installed tree of cmake/install.cmake
# as a Debian package, dendrite_<version>_<arch>.deb, installed under /usr.
#
# Dependencies: dpkg-shlibdeps reads every ELF file of the package and names the Debian packages
# (with versions) that provide the shared libraries they load: oneDNN, ONNX, protobuf, fmt, gomp,
# libstdc++, glibc, ... ONNX Runtime is not among them: the package carries it under
# /usr/lib/dendrite (Debian 12 has none), so it is a private directory to dpkg-shlibdeps. What no
# ELF file says is listed by hand: python3 and matplotlib for `dendrite report`, python3-numpy for
# the Python package dendrite (its compiled core loads libpython through the interpreter).
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME dendrite)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "train dendritic neural networks, export them to ONNX, run them in ONNX Runtime")
set(CPACK_PACKAGE_DESCRIPTION
  "dendrite trains dendritic artificial neural networks (Chavlis & Poirazi, Nat. Commun. 2025) on
oneDNN with sparse dendritic layers, exports them to ONNX (custom domain ai.dendrite, with function
bodies) and runs them in ONNX Runtime through its custom-op plugin. The package holds the dendrite
tool, libdendrite.so with its C++ headers and CMake package (find_package(dendrite)), the ONNX
Runtime plugin, and the ONNX Runtime library and headers it was built with (/usr/lib/dendrite).")
set(CPACK_PACKAGE_CONTACT "dendrite developers <dendrite@dendrite.invalid>")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS_PRIVATE_DIRS "${CMAKE_INSTALL_LIBDIR}/dendrite")
set(CPACK_DEBIAN_PACKAGE_DEPENDS "python3, python3-matplotlib, python3-numpy")
# libdendrite.so.<major.minor> for other packages' dpkg-shlibdeps; ONNX Runtime and the plugin stay
# private (they are not in the linker's path). CPack adds the ldconfig calls for /usr/lib itself.
file(CONFIGURE OUTPUT ${PROJECT_BINARY_DIR}/deb/shlibs
  CONTENT "libdendrite ${PROJECT_VERSION_MAJOR}.${PROJECT_VERSION_MINOR} dendrite (>= ${PROJECT_VERSION})\n")
# prerm: the Python package's bytecode caches (__pycache__, written beside the sources by whoever
# imported it as root) belong to no package, so dpkg would leave them, and the package's folder,
# behind; Debian's py3clean removes them as dh_python3's prerm does.
file(CONFIGURE OUTPUT ${PROJECT_BINARY_DIR}/deb/prerm CONTENT "#!/bin/sh
set -e
if command -v py3clean > /dev/null 2>&1; then
  py3clean -p dendrite
else
  find /usr/${DENDRITE_PYTHON_SITE}/dendrite -depth -type d -name __pycache__ -exec rm -rf {} + 2> /dev/null || true
fi
")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA "${PROJECT_BINARY_DIR}/deb/shlibs;${PROJECT_BINARY_DIR}/deb/prerm")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)
