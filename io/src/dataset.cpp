#include "labelstation/io/dataset.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>
#include <set>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

#include <nlohmann/json.hpp>

#include "dataset_zip.h"
#include "labelstation/io/atomic_file.h"
#include "labelstation/io/errors.h"
#include "safe_input.h"
#include "labelstation/io/image.h"
#include "labelstation/io/point_cloud_io.h"

namespace labelstation::io {
namespace fs = std::filesystem;

namespace {

char lowerAscii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }
bool isDigit(char c) { return c >= '0' && c <= '9'; }

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (lowerAscii(a[i]) != lowerAscii(b[i])) return false;
  return true;
}

bool istartsWith(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}

// Rank of a non-digit character: '/' first, then by lower-case byte. Digit runs are compared
// by value and rank as '0' against other characters (no other character has that rank).
int charRank(char c) {
  if (c == '/') return 0;
  return static_cast<int>(static_cast<unsigned char>(lowerAscii(c))) + 1;
}

int naturalCompare(std::string_view a, std::string_view b) {
  std::size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    if (isDigit(a[i]) && isDigit(b[j])) {
      std::size_t ie = i, je = j;
      while (ie < a.size() && isDigit(a[ie])) ++ie;
      while (je < b.size() && isDigit(b[je])) ++je;
      while (i + 1 < ie && a[i] == '0') ++i;  // leading zeros do not count
      while (j + 1 < je && b[j] == '0') ++j;
      if (ie - i != je - j) return ie - i < je - j ? -1 : 1;
      const int c = a.substr(i, ie - i).compare(b.substr(j, je - j));
      if (c != 0) return c < 0 ? -1 : 1;
      i = ie;
      j = je;
      continue;
    }
    const int ra = charRank(a[i]), rb = charRank(b[j]);
    if (ra != rb) return ra < rb ? -1 : 1;
    ++i;
    ++j;
  }
  if (i < a.size()) return 1;
  if (j < b.size()) return -1;
  return 0;
}

// ---- relative '/'-separated paths -----------------------------------------------------------

std::string dirOf(const std::string& rel) {
  const auto p = rel.rfind('/');
  return p == std::string::npos ? std::string() : rel.substr(0, p);
}
std::string baseOf(const std::string& rel) {
  const auto p = rel.rfind('/');
  return p == std::string::npos ? rel : rel.substr(p + 1);
}
std::string stemOf(const std::string& base) {
  const auto p = base.rfind('.');
  return (p == std::string::npos || p == 0) ? base : base.substr(0, p);
}
std::string join(const std::string& dir, const std::string& name) { return dir.empty() ? name : dir + "/" + name; }
std::string withoutExtension(const std::string& rel) { return join(dirOf(rel), stemOf(baseOf(rel))); }

bool hasComponent(const std::string& rel, std::string_view component) {
  std::size_t start = 0;
  while (start <= rel.size()) {
    const auto end = std::min(rel.find('/', start), rel.size());
    if (std::string_view(rel).substr(start, end - start) == component) return true;
    start = end + 1;
  }
  return false;
}

// The folder names CVAT looks for: the last '.' replaced by '_' (CVAT's rule), and every '.'.
std::vector<std::string> relatedFolderNames(const std::string& base) {
  std::vector<std::string> names;
  std::string last = base;
  if (const auto p = last.rfind('.'); p != std::string::npos) last[p] = '_';
  names.push_back(last);
  std::string all = base;
  std::replace(all.begin(), all.end(), '.', '_');
  if (all != last) names.push_back(all);
  return names;
}

// image_00, IMAGE_01, image_2_rect: CVAT's `image_\d.*`, case-insensitive.
bool isCameraFolder(const std::string& name) { return name.size() > 6 && istartsWith(name, "image_") && isDigit(name[6]); }

bool isKittiCloud(const std::string& rel) {
  const std::string data = dirOf(rel);
  return iequals(baseOf(data), "data") && data.find('/') != std::string::npos &&
         iequals(baseOf(dirOf(data)), "velodyne_points");
}

void sortNatural(std::vector<std::string>& v) {
  std::sort(v.begin(), v.end(), [](const std::string& a, const std::string& b) { return naturalLess(a, b); });
}

std::string listSome(const std::vector<std::string>& items, std::size_t max = 5) {
  std::string s;
  for (std::size_t i = 0; i < items.size() && i < max; ++i) s += (i ? ", " : "") + items[i];
  if (items.size() > max) s += ", … (" + std::to_string(items.size() - max) + " more)";
  return s;
}

// ---- folder walk ----------------------------------------------------------------------------

struct Tree {
  std::vector<std::string> clouds;
  std::vector<std::string> images;  // byte order, for prefix lookups
  std::set<std::string> manifests;  // relative paths of every manifest.jsonl
};

// Hidden files and folders, and the __MACOSX folders of zips made on macOS, are not data.
bool isHiddenName(std::string_view name) { return name.empty() || name[0] == '.' || name == "__MACOSX"; }

// The media below `root`, and `notOnDisk`: relative paths of files still in a zip (deferred).
Tree walk(const fs::path& root, const std::vector<std::string>& notOnDisk) {
  Tree tree;
  std::error_code ec;
  fs::recursive_directory_iterator it(root, fs::directory_options::none, ec);
  if (ec) throw IoError(root.string(), "cannot list the folder: " + ec.message());
  for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) throw IoError(root.string(), "cannot list the folder: " + ec.message());
    const fs::path& p = it->path();
    const std::string name = p.filename().string();
    std::error_code typeEc;
    if (isHiddenName(name)) {
      if (it->is_directory(typeEc)) it.disable_recursion_pending();
      continue;
    }
    if (!it->is_regular_file(typeEc)) continue;
    const std::string rel = p.lexically_relative(root).generic_string();
    if (isPointCloudFile(p)) tree.clouds.push_back(rel);
    else if (isImageFile(p)) tree.images.push_back(rel);
    else if (name == "manifest.jsonl") tree.manifests.insert(rel);
  }
  if (ec) throw IoError(root.string(), "cannot list the folder: " + ec.message());
  for (const std::string& rel : notOnDisk) {
    // Skipped as the walk skips them: hidden files, and anything inside a hidden folder.
    bool hidden = false;
    for (std::size_t start = 0; start < rel.size() && !hidden;) {
      const std::size_t end = std::min(rel.find('/', start), rel.size());
      hidden = isHiddenName(std::string_view(rel).substr(start, end - start));
      start = end + 1;
    }
    if (hidden) continue;
    if (isPointCloudFile(rel)) tree.clouds.push_back(rel);
    else if (isImageFile(rel)) tree.images.push_back(rel);
  }
  std::sort(tree.images.begin(), tree.images.end());
  return tree;
}

class ImageIndex {
 public:
  explicit ImageIndex(const std::vector<std::string>& sorted) : sorted_(sorted) {
    for (const auto& rel : sorted_) {
      byDir_[dirOf(rel)].push_back(rel);
      byDirStem_[dirOf(rel) + '\n' + stemOf(baseOf(rel))].push_back(rel);
    }
  }
  const std::vector<std::string>& inDir(const std::string& dir) const { return find(byDir_, dir); }
  const std::vector<std::string>& withStem(const std::string& dir, const std::string& stem) const {
    return find(byDirStem_, dir + '\n' + stem);
  }
  // Every image below `dir` (recursively).
  std::vector<std::string> under(const std::string& dir) const {
    const std::string prefix = dir + "/";
    std::vector<std::string> out;
    for (auto it = std::lower_bound(sorted_.begin(), sorted_.end(), prefix);
         it != sorted_.end() && it->compare(0, prefix.size(), prefix) == 0; ++it)
      out.push_back(*it);
    return out;
  }

 private:
  using Map = std::unordered_map<std::string, std::vector<std::string>>;
  static const std::vector<std::string>& find(const Map& m, const std::string& key) {
    static const std::vector<std::string> none;
    const auto it = m.find(key);
    return it == m.end() ? none : it->second;
  }
  const std::vector<std::string>& sorted_;
  Map byDir_, byDirStem_;
};

struct Draft {
  std::string media;  // relative
  std::string name;
  std::vector<std::string> related;
  DatasetLayout layout = DatasetLayout::Images2D;
};

void append(std::vector<std::string>& to, const std::vector<std::string>& from) { to.insert(to.end(), from.begin(), from.end()); }

void removeDuplicates(std::vector<std::string>& v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

// ---- 3D and 2D layouts ----------------------------------------------------------------------

std::vector<Draft> detect3D(const fs::path& root, const Tree& tree, std::vector<std::string>& warnings,
                            std::set<std::string>& kittiRoots) {
  const ImageIndex index(tree.images);
  // KITTI raw: camera folders (image_NN/data) per KITTI root (the parent of velodyne_points).
  std::unordered_map<std::string, std::vector<std::string>> cameras;
  for (const auto& rel : tree.images) {
    const std::string data = dirOf(rel);
    if (!iequals(baseOf(data), "data") || data.find('/') == std::string::npos) continue;
    const std::string camera = dirOf(data);
    if (!isCameraFolder(baseOf(camera))) continue;
    auto& list = cameras[dirOf(camera)];
    if (std::find(list.begin(), list.end(), baseOf(camera)) == list.end()) list.push_back(baseOf(camera));
  }
  for (auto& [kroot, list] : cameras) sortNatural(list);

  std::unordered_set<std::string> claimed;
  std::vector<Draft> drafts;
  for (const auto& cloud : tree.clouds) {
    Draft d;
    d.media = cloud;
    const std::string dir = dirOf(cloud), base = baseOf(cloud), stem = stemOf(base);
    const std::string folderName = dir.empty() ? root.filename().string() : baseOf(dir);
    append(d.related, index.withStem(dir, stem));                 // flat
    if (folderName == stem) append(d.related, index.inDir(dir));  // per folder
    bool relatedFolder = false;                                   // pointcloud/ + related_images/
    for (const auto& folder : relatedFolderNames(base)) {
      std::vector<std::string> found = index.under(join(dir, "related_images/" + folder));
      if (!dir.empty()) append(found, index.under(join(dirOf(dir), "related_images/" + folder)));
      relatedFolder = relatedFolder || !found.empty();
      append(d.related, found);
    }
    const bool kitti = isKittiCloud(cloud);
    if (kitti) {
      const std::string kroot = dirOf(dirOf(dir));
      kittiRoots.insert(kroot);
      if (const auto it = cameras.find(kroot); it != cameras.end())
        for (const auto& camera : it->second) append(d.related, index.withStem(join(kroot, camera + "/data"), stem));
    }
    d.layout = kitti                                                   ? DatasetLayout::KittiRaw
               : (relatedFolder || iequals(baseOf(dir), "pointcloud")) ? DatasetLayout::CvatPointcloudFolder
               : folderName == stem                                    ? DatasetLayout::PointCloudsPerFolder
                                                                       : DatasetLayout::PointCloudsFlat;
    removeDuplicates(d.related);
    claimed.insert(d.related.begin(), d.related.end());
    drafts.push_back(std::move(d));
  }

  std::vector<std::string> orphans, loose;
  for (const auto& rel : tree.images) {
    if (claimed.count(rel)) continue;
    const std::string data = dirOf(rel);
    const bool relatedPlace = hasComponent(rel, "related_images") ||
                              (iequals(baseOf(data), "data") && isCameraFolder(baseOf(dirOf(data))));
    (relatedPlace ? orphans : loose).push_back(rel);
  }
  sortNatural(orphans);
  sortNatural(loose);
  if (!loose.empty())
    throw IoError(root.string(),
                  std::to_string(loose.size()) + " image(s) lie beside point clouds but no layout relates them to one: " +
                      listSome(loose) +
                      " (expected name.pcd + name.jpg, name/name.pcd + name/*.jpg, pointcloud/ + "
                      "related_images/<name>_pcd/, or velodyne_points/data/ + image_NN/data/)");
  if (!orphans.empty())
    warnings.push_back(std::to_string(orphans.size()) + " related image(s) match no point cloud and are ignored: " +
                       listSome(orphans));
  return drafts;
}

std::vector<Draft> detect2D(const fs::path& root, const Tree& tree, std::vector<std::string>& warnings) {
  const ImageIndex index(tree.images);
  std::unordered_set<std::string> claimed;
  std::vector<Draft> drafts;
  for (const auto& image : tree.images) {
    if (hasComponent(image, "related_images")) continue;
    Draft d;
    d.media = image;
    for (const auto& folder : relatedFolderNames(baseOf(image)))
      append(d.related, index.under(join(dirOf(image), "related_images/" + folder)));
    removeDuplicates(d.related);
    claimed.insert(d.related.begin(), d.related.end());
    drafts.push_back(std::move(d));
  }
  if (drafts.empty())
    throw IoError(root.string(), "only related images (inside related_images/ folders) were found, no image to annotate");
  std::vector<std::string> orphans;
  for (const auto& rel : tree.images)
    if (hasComponent(rel, "related_images") && !claimed.count(rel)) orphans.push_back(rel);
  sortNatural(orphans);
  if (!orphans.empty())
    warnings.push_back(std::to_string(orphans.size()) + " related image(s) match no image and are ignored: " +
                       listSome(orphans) + " (expected related_images/<image name with . replaced by _>/)");
  return drafts;
}

// ---- manifest -------------------------------------------------------------------------------

std::string commonDir(const std::vector<Draft>& drafts) {
  std::string common = dirOf(drafts.front().media);
  for (const auto& d : drafts) {
    const std::string dir = dirOf(d.media);
    while (!common.empty() && !(dir == common || dir.compare(0, common.size() + 1, common + "/") == 0))
      common = dirOf(common);
  }
  return common;
}

// Reorders `drafts` by the first manifest.jsonl found from the root down to the media's folder.
fs::path applyManifest(const fs::path& root, const Tree& tree, std::vector<Draft>& drafts,
                       std::vector<std::string>& warnings) {
  std::string dir = commonDir(drafts), found;
  std::vector<std::string> candidates{dir};
  while (!dir.empty()) candidates.push_back(dir = dirOf(dir));
  bool have = false;
  for (auto it = candidates.rbegin(); it != candidates.rend() && !have; ++it)  // shallowest first
    if (tree.manifests.count(join(*it, "manifest.jsonl"))) {
      found = *it;
      have = true;
    }
  if (!have) return {};
  const std::string prefix = found.empty() ? std::string() : found + "/";
  const fs::path path = root / join(found, "manifest.jsonl");
  const std::string shown = join(found, "manifest.jsonl");
  const std::string shownManifest = path.string();  // scanDataset names the zip for extracted files

  const std::string text = readWholeFile(path, shownManifest);
  std::istringstream in(text);
  std::unordered_map<std::string, std::size_t> byMedia, byName;
  for (std::size_t i = 0; i < drafts.size(); ++i) {
    const std::string rel = drafts[i].media.substr(prefix.size());
    byMedia.emplace(rel, i);
    const auto [it, fresh] = byName.emplace(withoutExtension(rel), i);
    if (!fresh) it->second = SIZE_MAX;  // ambiguous without an extension
  }
  std::vector<Draft> ordered;
  std::vector<bool> used(drafts.size(), false);
  std::vector<std::string> missing, repeated;
  std::string line;
  for (std::size_t lineNo = 1; std::getline(in, line); ++lineNo) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    const nlohmann::json j = detail::parseJson(line, shownManifest, ("line " + std::to_string(lineNo) + " is not JSON").c_str());
    if (!j.is_object())
      throw IoError(shownManifest, "line " + std::to_string(lineNo) + " is not a JSON object: " + detail::printable(line, 60));
    if (const auto type = j.find("type"); type != j.end()) {
      if (*type == "video") {
        warnings.push_back(shown + " describes a video, not images or point clouds; ignored");
        return {};
      }
      continue;
    }
    if (j.contains("version") || j.contains("properties") || j.contains("number")) continue;
    const auto name = j.find("name");
    if (name == j.end() || !name->is_string())
      throw IoError(shownManifest, "line " + std::to_string(lineNo) + ": an item without a \"name\" string");
    std::string key = name->get<std::string>();
    if (key.compare(0, 2, "./") == 0) key.erase(0, 2);
    std::size_t index = SIZE_MAX;
    const auto ext = j.find("extension");
    if (ext != j.end() && ext->is_string() && !ext->get<std::string>().empty()) {
      std::string e = ext->get<std::string>();
      key += (e.front() == '.' ? "" : ".") + e;
      if (const auto it = byMedia.find(key); it != byMedia.end()) index = it->second;
    } else if (const auto it = byName.find(key); it != byName.end()) {
      index = it->second;
    }
    const std::string where = "line " + std::to_string(lineNo) + " '" + key + "'";
    if (index == SIZE_MAX) {
      missing.push_back(where);
    } else if (used[index]) {
      repeated.push_back(where);
    } else {
      used[index] = true;
      ordered.push_back(std::move(drafts[index]));
    }
  }
  if (!missing.empty())
    warnings.push_back(shown + ": " + std::to_string(missing.size()) + " entr" + (missing.size() == 1 ? "y has" : "ies have") +
                       " no file: " + listSome(missing));
  if (!repeated.empty()) warnings.push_back(shown + ": repeated entries ignored: " + listSome(repeated));
  std::vector<std::string> unlisted;
  for (std::size_t i = 0; i < drafts.size(); ++i) {
    if (used[i]) continue;
    unlisted.push_back(drafts[i].media);
    ordered.push_back(std::move(drafts[i]));  // drafts are in natural order already
  }
  if (!unlisted.empty())
    warnings.push_back(std::to_string(unlisted.size()) + " frame(s) are not in " + shown +
                       " and follow in natural order: " + listSome(unlisted));
  drafts = std::move(ordered);
  return path;
}

// ---- calibration ----------------------------------------------------------------------------

std::vector<fs::path> findCalibration(const fs::path& root, const std::set<std::string>& kittiRoots,
                                      bool mayLookAboveRoot) {
  std::vector<fs::path> folders{root};
  for (const auto& kroot : kittiRoots) {
    if (!kroot.empty()) {
      folders.push_back(root / kroot);
      folders.push_back(root / dirOf(kroot));
    } else if (mayLookAboveRoot && root.has_parent_path()) {
      folders.push_back(root.parent_path());
    }
  }
  std::vector<std::string> found;
  for (const auto& folder : folders) {
    std::error_code ec;
    for (fs::directory_iterator it(folder, ec); !ec && it != fs::directory_iterator(); it.increment(ec)) {
      const std::string name = it->path().filename().string();
      std::error_code typeEc;
      if (istartsWith(name, "calib_") && iequals(it->path().extension().string(), ".txt") && it->is_regular_file(typeEc)) {
        const std::string s = it->path().lexically_normal().string();
        if (std::find(found.begin(), found.end(), s) == found.end()) found.push_back(s);
      }
    }
  }
  sortNatural(found);
  return {found.begin(), found.end()};
}

// ---- scanning a folder ----------------------------------------------------------------------

Dataset scanFolder(const fs::path& root, const fs::path& source, bool mayLookAboveRoot, const ScanOptions& options,
                   const std::vector<std::string>& notOnDisk = {}) {
  Dataset out;
  out.source = source;
  out.root = root;
  const Tree tree = walk(root, notOnDisk);
  if (tree.clouds.empty() && tree.images.empty())
    throw IoError(root.string(),
                  "no images or point clouds found (looked for .pcd .bin .ply .jpg .jpeg .png .bmp .tif .tiff .webp)");
  std::set<std::string> kittiRoots;
  std::vector<Draft> drafts = tree.clouds.empty() ? detect2D(root, tree, out.warnings)
                                                  : detect3D(root, tree, out.warnings, kittiRoots);
  for (auto& d : drafts) d.name = withoutExtension(d.media);
  std::sort(drafts.begin(), drafts.end(), [](const Draft& a, const Draft& b) {
    if (a.name != b.name) return naturalLess(a.name, b.name);
    return naturalLess(a.media, b.media);
  });
  for (std::size_t i = 1; i < drafts.size(); ++i)
    if (drafts[i].name == drafts[i - 1].name)
      out.warnings.push_back("two frames are named '" + drafts[i].name + "': " + drafts[i - 1].media + " and " +
                             drafts[i].media);

  const std::size_t maxRelated = static_cast<std::size_t>(std::max(options.maxRelatedImages, 0));
  for (auto& d : drafts) {
    sortNatural(d.related);
    if (d.related.size() > maxRelated) {
      out.warnings.push_back("frame '" + d.name + "' has " + std::to_string(d.related.size()) +
                             " related images; keeping the first " + std::to_string(maxRelated) + " (dropped: " +
                             listSome(std::vector<std::string>(d.related.begin() + static_cast<std::ptrdiff_t>(maxRelated), d.related.end())) + ")");
      d.related.resize(maxRelated);
    }
  }

  // The layout most frames follow; a mix is reported.
  std::array<std::size_t, 5> counts{};
  for (const auto& d : drafts) ++counts[static_cast<std::size_t>(d.layout)];
  const auto best = std::max_element(counts.begin(), counts.end());
  out.layout = static_cast<DatasetLayout>(best - counts.begin());
  if (static_cast<std::size_t>(std::count_if(counts.begin(), counts.end(), [](std::size_t c) { return c > 0; })) > 1) {
    std::string mix;
    for (std::size_t i = 0; i < counts.size(); ++i)
      if (counts[i]) mix += (mix.empty() ? "" : ", ") + std::string(toString(static_cast<DatasetLayout>(i))) + " (" +
                            std::to_string(counts[i]) + ")";
    out.warnings.push_back("frames follow several layouts: " + mix + "; reported as " + std::string(toString(out.layout)));
  }

  out.manifest = applyManifest(root, tree, drafts, out.warnings);
  if (out.is3D()) out.calibrationFiles = findCalibration(root, kittiRoots, mayLookAboveRoot);

  out.frames.reserve(drafts.size());
  for (auto& d : drafts) {
    DatasetFrame f;
    f.name = std::move(d.name);
    f.media = root / d.media;
    for (const auto& r : d.related) f.relatedImages.push_back(root / r);
    out.frames.push_back(std::move(f));
  }
  return out;
}

bool looksLikeZip(const fs::path& path) {
  if (iequals(path.extension().string(), ".zip")) return true;
  if (!isRegularFile(path)) return false;  // a FIFO would block the open
  std::ifstream in(path, std::ios::binary);
  std::array<char, 4> magic{};
  in.read(magic.data(), magic.size());
  return in && magic[0] == 'P' && magic[1] == 'K' && ((magic[2] == 3 && magic[3] == 4) || (magic[2] == 5 && magic[3] == 6));
}


}  // namespace

// ---- public ---------------------------------------------------------------------------------

std::string_view toString(DatasetLayout layout) {
  switch (layout) {
    case DatasetLayout::Images2D: return "images";
    case DatasetLayout::PointCloudsFlat: return "pointcloud-flat";
    case DatasetLayout::PointCloudsPerFolder: return "pointcloud-per-folder";
    case DatasetLayout::KittiRaw: return "kitti-raw";
    case DatasetLayout::CvatPointcloudFolder: return "pointcloud-related-images";
  }
  return "unknown";
}

std::size_t Dataset::relatedImageCount() const {
  std::size_t n = 0;
  for (const auto& f : frames) n += f.relatedImages.size();
  return n;
}

bool naturalLess(std::string_view a, std::string_view b) {
  const int c = naturalCompare(a, b);
  return c != 0 ? c < 0 : a < b;
}

Dataset scanDataset(const fs::path& input, const ScanOptions& options) {
  std::error_code ec;
  const fs::file_status status = fs::status(input, ec);
  if (!fs::exists(status)) {
    if (ec && ec != std::errc::no_such_file_or_directory && ec != std::errc::not_a_directory)
      throw IoError(input.string(), "cannot be accessed: " + ec.message());
    throw IoError(input.string(), "does not exist");
  }
  fs::path absolute = fs::absolute(input, ec).lexically_normal();
  if (!absolute.has_filename() && absolute.has_parent_path() && absolute != absolute.root_path())
    absolute = absolute.parent_path();
  if (fs::is_directory(status)) return scanFolder(absolute, input, true, options);
  if (!fs::is_regular_file(status) || !looksLikeZip(input))
    throw IoError(input.string(), "neither a folder nor a .zip archive");

  // A zip: extract, then scan the extraction folder; on failure remove what was extracted.
  fs::path destination = options.extractTo;
  bool removeFolder = true;  // false: keep the caller's (empty) folder, remove only its contents
  if (destination.empty()) {
    std::string pattern = (fs::temp_directory_path() / "labelstation-dataset-XXXXXX").string();
    if (!::mkdtemp(pattern.data()))
      throw IoError(pattern, std::string("cannot create a temporary folder: ") + std::strerror(errno));
    destination = pattern;
  } else {
    detail::requireEmptyFolder(destination);
    removeFolder = !fs::exists(destination, ec);
  }
  destination = fs::absolute(destination, ec).lexically_normal();
  const auto cleanUp = [&] {
    std::error_code ignored;
    if (removeFolder) {
      fs::remove_all(destination, ignored);
    } else {
      for (fs::directory_iterator it(destination, ignored); !ignored && it != fs::directory_iterator(); it.increment(ignored))
        fs::remove_all(it->path(), ignored);
    }
  };
  try {
    detail::ZipExtraction zip = detail::extractZipEntries(input, destination, options.maxUncompressedBytes, options.deferMedia);
    Dataset dataset = scanFolder(destination, input, false, options, zip.deferredFiles);
    dataset.extracted = true;
    dataset.deferredMedia = std::move(zip.deferred);
    return dataset;
  } catch (const IoError& e) {
    cleanUp();
    if (e.file() == input.string()) throw;
    // Name the zip: the extracted files are gone. Keep the entry's path inside the archive.
    std::string problem = e.what();
    if (problem.compare(0, e.file().size() + 2, e.file() + ": ") == 0) problem.erase(0, e.file().size() + 2);
    const fs::path inner = fs::path(e.file()).lexically_relative(destination);
    if (!inner.empty() && inner != "." && *inner.begin() != "..") problem = inner.generic_string() + ": " + problem;
    throw IoError(input.string(), problem);
  } catch (...) {
    cleanUp();
    throw;
  }
}

Task taskFromDataset(const Dataset& dataset, const std::string& name) {
  Task task;
  task.name = name;
  task.dimension = dataset.is3D() ? TaskDimension::PointCloud3D : TaskDimension::Image2D;
  for (const DatasetFrame& f : dataset.frames) {
    FrameInfo info;
    info.name = dataset.is3D() ? f.name : f.media.lexically_relative(dataset.root).generic_string();
    info.path = f.media.string();
    for (const auto& image : f.relatedImages) info.relatedImages.push_back(image.string());
    task.frames.push_back(std::move(info));
  }
  return task;
}

}  // namespace labelstation::io
