#include "labelstation/io/default_labels.h"

namespace labelstation::io {

LabelSchema defaultLidarLabels() {
  LabelSchema labels;
  Label car;
  car.name = "car";
  car.color = "#fa3253";
  car.type = LabelType::Cuboid3D;
  AttributeSpec parked;
  parked.name = "parked";
  parked.inputType = AttributeInputType::Checkbox;
  parked.values = {"false"};
  AttributeSpec occlusion;
  occlusion.name = "occlusion";
  occlusion.inputType = AttributeInputType::Select;
  occlusion.isMutable = true;
  occlusion.values = {"none", "partly", "largely"};
  car.attributes = {parked, occlusion};
  labels.addLabel(car);
  Label truck;
  truck.name = "truck";
  truck.color = "#3d9df5";
  truck.type = LabelType::Cuboid3D;
  labels.addLabel(truck);
  Label pedestrian;
  pedestrian.name = "pedestrian";
  pedestrian.color = "#34d17a";
  pedestrian.type = LabelType::Cuboid3D;
  labels.addLabel(pedestrian);
  return labels;
}

LabelSchema defaultImageLabels() {
  LabelSchema labels;
  for (const auto& [name, color] : {std::pair{"car", "#fa3253"}, std::pair{"person", "#34d17a"}, std::pair{"traffic sign", "#f5a623"}}) {
    Label label;
    label.name = name;
    label.color = color;
    label.type = LabelType::Any;  // every 2D shape
    labels.addLabel(label);
  }
  return labels;
}

}  // namespace labelstation::io
