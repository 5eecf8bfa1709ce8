// API versions the simulated org serves (vXX.0).
#pragma once
namespace sfsim {

inline constexpr int kOldestApiVersion = 31;
inline constexpr int kLatestApiVersion = 66;

}  // namespace sfsim
