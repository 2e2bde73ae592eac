# Cross-compiles lifeline for 64-bit Arm Linux on an x86_64 Debian 12 machine, without a sysroot:
# Debian's cross compiler (g++-aarch64-linux-gnu) and the arm64 libraries installed through
# multiarch (dpkg --add-architecture arm64), whose libraries, CMake packages and pkg-config files
# live in /usr/lib/aarch64-linux-gnu (headers in /usr/include, shared with the host).
# scripts/package-cross.sh installs all of it and configures with this file:
#   cmake -S . -B build-package-aarch64 -DCMAKE_TOOLCHAIN_FILE=cmake/toolchains/aarch64-linux-gnu.cmake
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_LIBRARY_ARCHITECTURE aarch64-linux-gnu)
set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_CXX_COMPILER aarch64-linux-gnu-g++)
# try_run and the tests' executables run under qemu (Debian qemu-user-static).
set(CMAKE_CROSSCOMPILING_EMULATOR qemu-aarch64-static -L /usr/aarch64-linux-gnu)

# libyaml-cpp-dev and libsimdjson-dev are not Multi-Arch: same (their arm64 package would replace
# the host's), so scripts/package-cross.sh unpacks them here instead of installing them.
set(LIFELINE_CROSS_UNPACKED /opt/lifeline-cross/aarch64-linux-gnu)

# Libraries, headers and packages only from the roots, where <prefix>/lib/aarch64-linux-gnu is
# searched and <prefix>/lib/x86_64-linux-gnu is not; programs (pkg-config, strip) from the host.
set(CMAKE_FIND_ROOT_PATH / ${LIFELINE_CROSS_UNPACKED})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# pkg-config (hiredis, libsodium, cpp-httplib) reads the arm64 .pc files only.
set(ENV{PKG_CONFIG_LIBDIR} /usr/lib/aarch64-linux-gnu/pkgconfig:/usr/share/pkgconfig)
