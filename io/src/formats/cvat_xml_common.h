#pragma once
// Internal to the CVAT XML reader and writer: names both sides must agree on.

namespace labelstation::io::formats {

// The 2D cuboid's attributes, in the order of its 16 internal points.
inline constexpr const char* kCuboidAttributes[16] = {"xtl1", "ytl1", "xbl1", "ybl1", "xtr1", "ytr1", "xbr1", "ybr1",
                                                      "xtl2", "ytl2", "xbl2", "ybl2", "xtr2", "ytr2", "xbr2", "ybr2"};

}  // namespace labelstation::io::formats
