# Every third-party dependency is found here, once.
# Traps on Debian 12 (see DEVELOPERS.md):
#  - VTK's config needs MPI's C component found first.
#  - VTK::GUISupportQt is built against Qt 5: never requested, never linked.
#  - find_package(PCL) drags GUISupportQt in: PCL comes through pkg-config instead.

find_package(Eigen3 3.3 REQUIRED NO_MODULE)
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)

find_package(nlohmann_json 3.9 REQUIRED)
pkg_check_modules(TINYXML2 REQUIRED IMPORTED_TARGET tinyxml2)
pkg_check_modules(LIBZIP REQUIRED IMPORTED_TARGET libzip)
if(NOT LABELSTATION_BUILD_FUZZERS)  # the fuzz configuration builds core and io only
  find_package(CLI11 REQUIRED)
  pkg_check_modules(PCL REQUIRED IMPORTED_TARGET pcl_common>=1.13 pcl_io pcl_filters
                    pcl_search pcl_kdtree pcl_segmentation pcl_sample_consensus)
endif()
find_package(OpenCV 4 REQUIRED COMPONENTS core imgproc imgcodecs videoio calib3d)

if(LABELSTATION_BUILD_GUI)
  find_package(MPI REQUIRED COMPONENTS C)
  find_package(VTK 9.1 REQUIRED COMPONENTS
    CommonCore CommonDataModel CommonColor CommonTransforms FiltersSources FiltersCore
    RenderingCore RenderingOpenGL2 RenderingFreeType InteractionStyle IOImage)
  find_package(Qt6 6.4 REQUIRED COMPONENTS Core Gui Widgets OpenGL OpenGLWidgets Test)
endif()

if(LABELSTATION_BUILD_TESTS)
  find_package(GTest REQUIRED)
endif()
if(LABELSTATION_BUILD_BENCH)
  find_package(benchmark REQUIRED)
endif()
