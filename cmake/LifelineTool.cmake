# lifeline_tool(<tool> [MODULES module...] [LIBRARIES lib...] [SOURCES file...])
#
# One executable of tools/<tool>/ (call it from that folder's CMakeLists.txt):
#   <tool>_lib  static library of every *.cpp of the folder but main.cpp (plus SOURCES, e.g.
#               generated files), so the tests link the code the binary runs; the folder is its
#               public include directory; it links the libcommon MODULES (default: common, the
#               whole library) and LIBRARIES publicly
#   <tool>      the executable: main.cpp (one call into tool_main) linked with <tool>_lib and app
# and installs <tool> into the bin directory. ("-" in the tool's name is "_" in the library's.)
function(lifeline_tool tool)
    cmake_parse_arguments(TOOL "" "" "MODULES;LIBRARIES;SOURCES" ${ARGN})
    if(TOOL_UNPARSED_ARGUMENTS)
        message(FATAL_ERROR "lifeline_tool(${tool}): unknown arguments ${TOOL_UNPARSED_ARGUMENTS}")
    endif()
    if(NOT TOOL_MODULES)
        set(TOOL_MODULES common)
    endif()
    string(REPLACE "-" "_" library "${tool}_lib")
    file(GLOB sources CONFIGURE_DEPENDS "${CMAKE_CURRENT_SOURCE_DIR}/*.cpp")
    list(REMOVE_ITEM sources "${CMAKE_CURRENT_SOURCE_DIR}/main.cpp")

    add_library(${library} STATIC ${sources} ${TOOL_SOURCES})
    target_include_directories(${library} PUBLIC "${CMAKE_CURRENT_SOURCE_DIR}")
    foreach(module IN LISTS TOOL_MODULES)
        target_link_libraries(${library} PUBLIC lifeline::${module})
    endforeach()
    target_link_libraries(${library} PUBLIC ${TOOL_LIBRARIES} PRIVATE lifeline::build_flags)

    add_executable(${tool} main.cpp)
    target_link_libraries(${tool} PRIVATE ${library} lifeline::app lifeline::build_flags)
    install(TARGETS ${tool} RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endfunction()
