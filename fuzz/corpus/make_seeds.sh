#!/usr/bin/env bash
# Rebuilds the seed corpora fuzz/corpus/<target>/seed_* from the test fixtures, the sample data and
# the external files CVAT and datumaro wrote (../shared/fixtures/external), plus a project, a
# journal and a task backup written by labelstation-cli. Inputs of several files join them with
# the separator line of fuzz/fuzz_support.h. Inputs found by fuzzing (not seed_*) are kept.
# Usage: fuzz/corpus/make_seeds.sh [CLI]   (CLI: a built labelstation-cli; default build/app/...)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cli="${1:-$root/build/app/labelstation-cli}"
ext="$root/../shared/fixtures/external"
corpus="$root/fuzz/corpus"
sep=$'\n=== next file ===\n'
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

seed() {  # seed TARGET NAME FILE...   (files joined with the separator)
  local target="$1" name="$2"; shift 2
  mkdir -p "$corpus/$target"
  local out="$corpus/$target/seed_$name" first=1
  : > "$out"
  for f in "$@"; do
    [ $first -eq 1 ] || printf '%s' "$sep" >> "$out"
    first=0
    if [ -n "$f" ]; then cat "$f" >> "$out"; fi
  done
}

rm -f "$corpus"/*/seed_*
fx="$root/tests/fixtures"
for f in "$fx"/pointclouds/*.pcd "$ext"/cvat-ai-cvat/unzipped/test_pointcloud_pcd/pointcloud/*.pcd \
         "$ext"/cvat-ai-datumaro/tests/assets/sly_pointcloud_dataset/ds0/pointcloud/*.pcd; do
  case "$(basename "$f")" in source_*) continue ;; esac
  seed pcd "$(basename "$f" .pcd)" "$f"
done
for f in "$fx"/pointclouds/*.ply; do seed ply "$(basename "$f" .ply)" "$f"; done
# .bin scans: the first 256 points of real ones, an empty one and a ragged one.
head -c 4096 "$ext"/cvat-ai-cvat/unzipped/test_velodyne_points/velodyne_points/data/000002.bin > "$work/a.bin"
seed kitti_bin cvat "$work/a.bin"
head -c 4096 "$root"/sample_data/lidar_street/velodyne_points/data/0000000000.bin > "$work/b.bin"
seed kitti_bin sample "$work/b.bin"
head -c 4103 "$work/b.bin" > "$work/c.bin"; seed kitti_bin ragged "$work/c.bin"

kitti3d="$ext/openvinotoolkit-datumaro/tests/assets/kitti_dataset/kitti_3d/training"
seed calibration sample "$root/sample_data/lidar_street/calib_velo_to_cam.txt" \
  "$root/sample_data/lidar_street/calib_cam_to_cam.txt" "$root/sample_data/lidar_street/calibration.json"
seed calibration object "$kitti3d/calib/000001.txt" "" ""

seed label_json skeleton "$fx/labels_skeleton.json"
seed label_json malformed "$fx/labels_malformed.json"

printf '%s\n' '{"version":"1.1"}' '{"type":"images"}' '{"name":"img1","extension":".jpg","width":4,"height":3}' \
  '{"name":"sub/img3","extension":".jpg"}' '{"name":"img0","extension":".jpg"}' '{"name":"frame_000010"}' > "$work/manifest.jsonl"
seed manifest images "$work/manifest.jsonl"

cp "$ext"/cvat-ai-cvat/cvat/apps/engine/tests/assets/test_pointcloud_pcd.zip "$work/p.zip"
seed zip_dataset pointcloud_pcd "$work/p.zip"
seed zip_dataset velodyne "$ext"/cvat-ai-cvat/cvat/apps/engine/tests/assets/test_velodyne_points.zip

for f in "$root/sample_data/images_street_annotations.xml" "$ext"/*/tests/assets/cvat_dataset/for_images/*.xml \
         "$ext"/*/tests/assets/cvat_dataset/for_images/*/*.xml "$ext"/*/tests/assets/cvat_dataset/for_video/*.xml; do
  name="$(echo "$f" | sed "s|$ext/||; s|$root/||; s|[/.]|_|g")"
  seed cvat_images "$name" "$f"
  seed cvat_video "$name" "$f"
done

for d in "$ext"/datumaro-written/from_kitti_raw/kitti_raw_tracks "$ext"/datumaro-written/from_kitti_raw/kitti_raw_as_cvat_exports; do
  seed kitti_raw "$(basename "$d")" "$d/tracklet_labels.xml" "$d/frame_list.txt"
done
seed kitti_raw datumaro_assets "$ext"/cvat-ai-datumaro/tests/assets/kitti_dataset/kitti_raw/tracklet_labels.xml

s1="$ext/cvat-ai-datumaro/tests/assets/sly_pointcloud_dataset"
seed sly_pointcloud datumaro_assets "$s1/meta.json" "$s1/key_id_map.json" "$s1"/ds0/ann/frame1.pcd.json "$s1"/ds0/ann/frame2.pcd.json
s2="$ext/datumaro-written/from_kitti_raw/sly_pointcloud"
seed sly_pointcloud from_kitti_raw "$s2/meta.json" "$s2/key_id_map.json" "$s2"/ds0/ann/*.json

seed datumaro_3d with_pcd "$ext"/cvat-ai-datumaro/tests/assets/datumaro_dataset/with_pcd/annotations/default.json
seed datumaro_3d from_kitti_raw "$ext"/datumaro-written/from_kitti_raw/datumaro_3d/annotations/default.json

seed kitti_object kitti_3d "$kitti3d/label_2/000001.txt" "$kitti3d/calib/000001.txt"
for f in "$ext"/cvat-ai-datumaro/tests/assets/kitti_dataset/kitti_detection/training/label_2/*.txt; do
  seed kitti_object "detection_$(basename "$f" .txt)" "$f" "$kitti3d/calib/000001.txt" "$f"
done

# A 2D project with the sample annotations, its journal, and its task backup.
if [ -x "$cli" ]; then
  mkdir -p "$work/images"
  for i in 00 01 02; do cp "$root/sample_data/images_street/street_$i.jpg" "$work/images/"; done
  "$cli" create -q "$work/p2d.lsproj" --data "$root/sample_data/images_street"
  "$cli" import -q "$work/p2d.lsproj" "$root/sample_data/images_street_annotations.xml" --format cvat_images --create-labels
  id="$(sed -n 's/.*"save_id": *"\([^"]*\)".*/\1/p' "$work/p2d.lsproj" | head -1)"
  printf '{"labelstation journal":1,"save_id":"%s"}\n{"objects":[{"id":1,"removed":true}],"frames":[[0,true]]}\n{"frames":[[0,false]]}\n' "$id" > "$work/p2d.lsproj.journal"
  seed project images "$work/p2d.lsproj" "$work/p2d.lsproj.journal"
  seed project no_journal "$work/p2d.lsproj"
  "$cli" export -q "$work/p2d.lsproj" --format cvat_backup -o "$work/backup"
  seed cvat_backup images "$work/backup/task.json" "$work/backup/annotations.json" "$work/backup/data/manifest.jsonl"
fi
du -sh "$corpus"/* | sort -k2
