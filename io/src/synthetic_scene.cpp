#include "labelstation/io/synthetic_scene.h"

#include <cmath>
#include <random>

namespace labelstation::io {
namespace {

void sampleBoxSurface(const Cuboid3D& box, int count, std::mt19937& rng, PointCloud& out) {
  std::uniform_real_distribution<double> u(-0.5, 0.5);
  std::uniform_int_distribution<int> face(0, 4);  // no bottom face: it is hidden by the ground
  const Eigen::Matrix3d r = box.rotationMatrix();
  for (int i = 0; i < count; ++i) {
    Eigen::Vector3d local(u(rng), u(rng), u(rng));
    switch (face(rng)) {
      case 0: local.x() = 0.5; break;
      case 1: local.x() = -0.5; break;
      case 2: local.y() = 0.5; break;
      case 3: local.y() = -0.5; break;
      default: local.z() = 0.5; break;
    }
    const Eigen::Vector3d p = box.position + r * local.cwiseProduct(box.scale);
    out.addPoint(static_cast<float>(p.x()), static_cast<float>(p.y()), static_cast<float>(p.z()));
    out.intensity.push_back(0.6f);
  }
}

}  // namespace

SyntheticFrame makeSyntheticFrame(int frame, double density) {
  SyntheticFrame result;
  std::mt19937 rng(1234u + static_cast<unsigned>(frame));
  std::normal_distribution<double> noise(0.0, 0.02);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  PointCloud& cloud = result.cloud;
  const int ground = static_cast<int>(12000 * density);
  cloud.reserve(static_cast<std::size_t>(ground * 2));
  // Ground: rings around the sensor like a spinning LiDAR, denser close by.
  for (int i = 0; i < ground; ++i) {
    const double radius = 3.0 + 37.0 * u(rng) * u(rng);
    const double angle = 2.0 * M_PI * u(rng);
    const double x = radius * std::cos(angle), y = radius * std::sin(angle);
    if (std::abs(y) > 12.0) continue;  // beyond the walls
    cloud.addPoint(static_cast<float>(x), static_cast<float>(y), static_cast<float>(-1.7 + noise(rng)));
    cloud.intensity.push_back(0.2f);
  }
  // Walls on both sides of the street.
  const int wall = static_cast<int>(2500 * density);
  for (int side : {-1, 1}) {
    for (int i = 0; i < wall; ++i) {
      const double x = -40.0 + 80.0 * u(rng), z = -1.7 + 6.0 * u(rng);
      cloud.addPoint(static_cast<float>(x), static_cast<float>(side * 12.0 + noise(rng)), static_cast<float>(z));
      cloud.intensity.push_back(0.4f);
    }
  }
  // Vehicles: two drive along +x, one turns slowly, one is parked.
  struct Motion { double x0, y0, speed, yaw0, yawRate, length, width, height; };
  const Motion motions[] = {{-20.0, -4.0, 1.5, 0.0, 0.0, 4.5, 1.9, 1.6},
                            {15.0, 4.0, -1.2, M_PI, 0.0, 4.2, 1.8, 1.5},
                            {6.0, -8.0, 0.6, 0.3, 0.08, 5.5, 2.2, 2.4},
                            {-8.0, 9.0, 0.0, 0.0, 0.0, 4.0, 1.8, 1.5}};
  int id = 1;
  for (const auto& m : motions) {
    SyntheticVehicle v;
    v.id = id++;
    const double yaw = m.yaw0 + m.yawRate * frame;
    v.box.position = {m.x0 + m.speed * frame * std::cos(yaw), m.y0 + m.speed * frame * std::sin(yaw), -1.7 + m.height / 2.0};
    v.box.rotation = {0.0, 0.0, yaw};
    v.box.scale = {m.length, m.width, m.height};
    sampleBoxSurface(v.box, static_cast<int>(700 * density), rng, cloud);
    result.vehicles.push_back(v);
  }
  return result;
}

}  // namespace labelstation::io
