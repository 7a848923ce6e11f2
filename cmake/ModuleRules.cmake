# Module layering, checked at configure time: a lower module never links (and so can never
# include) a higher one, and core stays free of Qt, VTK, PCL and OpenCV.
#
#   core  <-  io  <-  plugins
#     ^        ^        ^
#     +---- render      |
#              ^        |
#              +------ app (GUI, CLI)

# Adds a module library whose public headers live in <dir>/include/labelstation/<module>/.
function(labelstation_add_module target)
  cmake_parse_arguments(ARG "" "" "SOURCES" ${ARGN})
  add_library(${target} STATIC ${ARG_SOURCES})
  target_include_directories(${target} PUBLIC ${CMAKE_CURRENT_SOURCE_DIR}/include)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic)
  set_target_properties(${target} PROPERTIES POSITION_INDEPENDENT_CODE ON)
endfunction()

set(_labelstation_forbidden_core   "Qt|qt|VTK|vtk|PCL|pcl|opencv|OpenCV|labelstation_(io|render|app|plugin)")
set(_labelstation_forbidden_io     "Qt|VTK|vtk|labelstation_(render|app|plugin)")
set(_labelstation_forbidden_render "Qt|labelstation_(io|app|plugin)|PCL|pcl|opencv|OpenCV")
set(_labelstation_forbidden_plugin "Qt|VTK|vtk|labelstation_(render|app)")

function(_labelstation_check_target target forbidden)
  if(NOT TARGET ${target})
    return()
  endif()
  get_target_property(libs ${target} LINK_LIBRARIES)
  if(NOT libs)
    return()
  endif()
  foreach(lib IN LISTS libs)
    if(lib MATCHES "${forbidden}")
      message(FATAL_ERROR "Module layering: ${target} must not link ${lib}")
    endif()
  endforeach()
endfunction()

function(labelstation_check_module_links)
  get_target_property(core_libs labelstation_core LINK_LIBRARIES)
  if(NOT core_libs STREQUAL "Eigen3::Eigen")
    message(FATAL_ERROR "Module layering: labelstation_core links '${core_libs}', only Eigen3::Eigen is allowed")
  endif()
  _labelstation_check_target(labelstation_core   "${_labelstation_forbidden_core}")
  _labelstation_check_target(labelstation_io     "${_labelstation_forbidden_io}")
  _labelstation_check_target(labelstation_render "${_labelstation_forbidden_render}")
  get_property(plugin_targets GLOBAL PROPERTY LABELSTATION_PLUGIN_TARGETS)
  foreach(p IN LISTS plugin_targets)
    _labelstation_check_target(${p} "${_labelstation_forbidden_plugin}")
  endforeach()
endfunction()
