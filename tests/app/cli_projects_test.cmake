# labelstation-cli end to end, as a user would run it: create a project over the sample images,
# import CVAT XML into it (refused, then accepted), export it in both CVAT layouts, validate the
# exports, convert between formats, and check exit codes of bad requests.
# Run with -DCLI=<labelstation-cli> -DSOURCE_DIR=<repo> -DWORK=<scratch folder>.
file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}")

function(run expected_code)
  execute_process(COMMAND ${CLI} ${ARGN} RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err WORKING_DIRECTORY "${WORK}")
  if(NOT code EQUAL expected_code)
    message(FATAL_ERROR "labelstation-cli ${ARGN}: exit ${code}, expected ${expected_code}\nstdout: ${out}\nstderr: ${err}")
  endif()
  set(OUT "${out}" PARENT_SCOPE)
  set(ERR "${err}" PARENT_SCOPE)
endfunction()

function(expect_match text regex what)
  if(NOT text MATCHES "${regex}")
    message(FATAL_ERROR "${what}: '${regex}' not found in:\n${text}")
  endif()
endfunction()

run(0 formats)
expect_match("${OUT}" "Kitti Raw Format 1.0" "formats")

run(0 create street.lsproj --data ${SOURCE_DIR}/sample_data/images_street --labels ${SOURCE_DIR}/tests/fixtures/labels_skeleton.json)
expect_match("${ERR}" "6 image frames, 3 labels" "create")
run(1 create street.lsproj --data ${SOURCE_DIR}/sample_data/images_street)
expect_match("${ERR}" "already exists" "create twice")

# Annotations for two of the sample images, one label the project lacks.
file(WRITE "${WORK}/new.xml" [=[<?xml version="1.0" encoding="utf-8"?>
<annotations>
  <version>1.1</version>
  <meta><task><labels>
    <label><name>car</name><attributes><attribute><name>color</name><mutable>False</mutable><input_type>select</input_type><default_value>white</default_value><values>red
blue
white</values></attribute></attributes></label>
    <label><name>bicycle</name></label>
  </labels></task></meta>
  <image id="0" name="street_00.jpg" width="640" height="480">
    <box label="car" source="manual" occluded="0" xtl="10.00" ytl="20.00" xbr="110.00" ybr="90.00" z_order="0">
      <attribute name="color">red</attribute>
    </box>
  </image>
  <image id="1" name="street_03.jpg" width="640" height="480">
    <polygon label="bicycle" source="manual" occluded="0" points="1.00,2.00;30.00,4.00;20.00,40.00" z_order="0">
    </polygon>
  </image>
</annotations>
]=])
run(3 import street.lsproj new.xml --format cvat_images)
expect_match("${ERR}" "label 'bicycle' is not in the task's labels" "refused import")
expect_match("${ERR}" "nothing was imported" "refused import")
run(0 import street.lsproj new.xml --format "CVAT for images 1.1" --create-labels)
expect_match("${ERR}" "added 2 objects \\(new labels: bicycle\\)" "import")

run(0 export street.lsproj --format cvat_images -o images.zip --save-media)
run(0 validate images.zip --format cvat_images)
expect_match("${OUT}" "\"frames\":6,\"labels\":4,\"shapes\":2" "validate images")
run(0 export street.lsproj --format cvat_video -o video.xml -q)
if(NOT ERR STREQUAL "")
  message(FATAL_ERROR "--quiet still printed: ${ERR}")
endif()
run(0 validate video.xml --format cvat_video)
expect_match("${OUT}" "\"shapes\":2" "validate video")
run(0 export street.lsproj --format cvat_images -o range.xml --frames 3-5)
run(0 validate range.xml --format cvat_images)
expect_match("${OUT}" "\"frames\":3,\"labels\":4,\"shapes\":1" "frame range")

run(0 convert video.xml --from cvat_video --to cvat_images -o converted.xml)
run(0 validate converted.xml --format cvat_images)
expect_match("${OUT}" "\"shapes\":2" "convert")

# The street_03 polygon lands on frame 3 of a re-import into a fresh project (frames by name).
run(0 create again.lsproj --data ${SOURCE_DIR}/sample_data/images_street)
run(0 import again.lsproj images.zip --format cvat_images --create-labels --replace)
file(READ "${WORK}/again.lsproj" project)
expect_match("${project}" "\"frame\": 3" "frames matched by name")

# A 3D task gets the window's labels when none are given, and KITTI object export takes the
# drive's own calibration (its calibration.json when the KITTI raw files have no camera 02).
run(0 create drive.lsproj --data ${SOURCE_DIR}/sample_data/lidar_street)
expect_match("${ERR}" "10 point cloud frames, 3 labels" "default labels")
run(0 export drive.lsproj --format kitti_object -o kitti_export)
run(0 validate kitti_export --format kitti_object)

run(2 export street.lsproj --format nonsense -o x.xml)
expect_match("${ERR}" "unknown format 'nonsense'" "unknown format")
run(2 export street.lsproj --format kitti_raw -o x)
expect_match("${ERR}" "3D format but the project is 2D" "dimension mismatch")
file(WRITE "${WORK}/broken.xml" "<annotations><image id=\"0\" name=\"a.jpg\"><box")
run(1 validate broken.xml --format cvat_images)
expect_match("${ERR}" "broken.xml: malformed XML" "malformed")
run(2 export street.lsproj --format cvat_images)
